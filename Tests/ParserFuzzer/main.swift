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
    // Shapefiles: the input as a .shp (no index), as the .shx of a valid one-record .shp, and as a .dbf.
    func shapefile(_ name: String, _ read: () throws(ShapefileError) -> Shapefile) {
        do throws(ShapefileError) {
            let s = try read()
            _ = try? s.polygonFeatures()
            _ = try? s.points()
            report.append("\(name): parsed, \(s.geometries.count) shapes, \(s.attributes.columnNames.count) fields")
        } catch {
            report.append("\(name): \(error)")
        }
    }
    shapefile(".shp") { () throws(ShapefileError) in try Shapefile(shp: bytes, shx: nil, dbf: emptyDBF, name: "fuzz") }
    shapefile(".shx") { () throws(ShapefileError) in try Shapefile(shp: onePointSHP, shx: bytes, dbf: oneRecordDBF, name: "fuzz") }
    do throws(DataError) {
        let table = try DataTable(dbf: Data(bytes), source: "fuzz.dbf")
        for name in table.columnNames.prefix(8) { _ = try? table.numbers(name) }
        report.append(".dbf: parsed, \(table.columnNames.count) fields, \(table.rowCount) records")
    } catch {
        report.append(".dbf: \(error)")
    }
    do throws(DataError) {
        let table = try DataTable(dbf: Data(bytes), source: "fuzz.dbf", codePage: "GBK")
        report.append(".dbf (GBK): parsed, \(table.rowCount) records")
    } catch {
        report.append(".dbf (GBK): \(error)")
    }
    return report
}

/// A .dbf with one character field and no records.
let emptyDBF: [UInt8] = [0x03, 126, 12, 1, 0, 0, 0, 0, 65, 0, 5, 0] + [UInt8](repeating: 0, count: 20)
    + Array("NAME".utf8) + [UInt8](repeating: 0, count: 7) + [0x43, 0, 0, 0, 0, 4, 0] + [UInt8](repeating: 0, count: 14) + [0x0D]
/// The same with one record.
let oneRecordDBF: [UInt8] = {
    var d = emptyDBF
    d[4] = 1
    return d + [0x20] + Array("abcd".utf8) + [0x1A]
}()
/// A point shapefile with one point (1, 2), without its index.
let onePointSHP: [UInt8] = {
    func be(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian, Array.init) }
    func le(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
    func f(_ v: Double) -> [UInt8] { withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init) }
    let record = be(1) + be(10) + le(1) + f(1) + f(2)
    return be(9994) + [UInt8](repeating: 0, count: 20) + be(Int32((100 + record.count) / 2)) + le(1000) + le(1)
        + f(1) + f(2) + f(1) + f(2) + [UInt8](repeating: 0, count: 32) + record
}()

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
