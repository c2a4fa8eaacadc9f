import Foundation
import SpatialCLI

// The whole tool is the SpatialCLI library; this executable only hands it the arguments and exits with its status.
exit(SpatialTool.run(Array(CommandLine.arguments.dropFirst())))
