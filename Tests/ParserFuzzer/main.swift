// ParserFuzzer: feeds arbitrary bytes to every file parser of SpatialEconometrics (see Docs/Robustness.md).
//
// - Built with `-sanitize=fuzzer -DFUZZING`, this is a libFuzzer binary: `main` hands control to libFuzzer,
//   which calls `LLVMFuzzerTestOneInput` with generated inputs.
// - In a normal build it runs the parsers once over each file given as an argument (e.g. a crash reproducer
//   written by libFuzzer) and prints what each parser made of it; with no arguments it does nothing.
//
// A parser may accept or reject an input with a typed error; anything else is a bug. Weights that parse must
// also write and read back unchanged; a violation traps on purpose so that libFuzzer records the input.

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SpatialEconometrics

/// libFuzzer's entry point: one input, all parsers.
@_cdecl("LLVMFuzzerTestOneInput")
public func parserFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = runAllParsers(bytes)
    return 0
}

/// Runs every parser over `bytes`; returns one line per parser saying whether it parsed or which error it threw.
func runAllParsers(_ bytes: [UInt8]) -> [String] {
    let text = String(decoding: bytes, as: UTF8.self)
    var report = [String]()

    func weights(_ name: String, _ read: () throws(WeightsError) -> SpatialWeights,
                 roundTrip: (SpatialWeights) throws(WeightsError) -> SpatialWeights) {
        do throws(WeightsError) {
            let w = try read()
            let back = try roundTrip(w)
            guard back.ids == w.ids, back.matrix == w.matrix else {
                fatalError("\(name): weights read from the input do not read back the same after writing")
            }
            report.append("\(name): parsed, \(w.count) units, \(w.matrix.nonzeroCount) links")
        } catch {
            report.append("\(name): \(error)")
        }
    }

    weights("GAL", { () throws(WeightsError) in try GALFormat.read(text) }) { w throws(WeightsError) in
        try GALFormat.read(GALFormat.write(w))
    }
    weights("GWT", { () throws(WeightsError) in try GWTFormat.read(text, allowSelfNeighbors: true) }) { w throws(WeightsError) in
        try GWTFormat.read(GWTFormat.write(w), ids: w.ids, allowSelfNeighbors: true)
    }
    weights("dense CSV", { () throws(WeightsError) in try DenseCSVFormat.read(text) }) { w throws(WeightsError) in
        try DenseCSVFormat.read(DenseCSVFormat.write(w))
    }
    weights("triplets CSV", { () throws(WeightsError) in try TripletsCSVFormat.read(text) }) { w throws(WeightsError) in
        try TripletsCSVFormat.read(TripletsCSVFormat.write(w), ids: w.ids)
    }
    weights("edge list (symmetric)", { () throws(WeightsError) in try TripletsCSVFormat.read(text, symmetric: true) }) { w throws(WeightsError) in
        try TripletsCSVFormat.read(TripletsCSVFormat.write(w), ids: w.ids)
    }
    weights("JSON", { () throws(WeightsError) in try WeightsJSONFormat.read(Data(bytes)) }) { w throws(WeightsError) in
        try WeightsJSONFormat.read(WeightsJSONFormat.write(w))
    }
    do throws(WeightsError) {
        report.append("CSV detection: \(try WeightsFileFormat.detect(csv: text))")
    } catch {
        report.append("CSV detection: \(error)")
    }
    do throws(DataError) {
        let table = try DataTable(csv: text)
        for name in table.columnNames.prefix(8) { _ = try? table.numbers(name) }
        report.append("DataTable: parsed, \(table.columnNames.count) columns, \(table.rowCount) rows")
    } catch {
        report.append("DataTable: \(error)")
    }
    return report
}

#if FUZZING
typealias CArguments = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
/// libFuzzer's driver, for programs that keep their own `main` (SwiftPM names the entry point itself, so the
/// libFuzzer `main` cannot be used).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<CArguments?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
var fuzzerArgc = CommandLine.argc
var fuzzerArgv: CArguments? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&fuzzerArgc, &fuzzerArgv) { parserFuzzerTestOneInput($0, $1) })
#else
for path in CommandLine.arguments.dropFirst() {
    guard let data = FileManager.default.contents(atPath: path) else {
        print("\(path): cannot read")
        continue
    }
    print("\(path) (\(data.count) bytes):")
    for line in runAllParsers(Array(data)) { print("  " + line) }
}
#endif
