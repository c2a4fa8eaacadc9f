/// Bounds-checked reads of the fixed-width binary fields of shapefiles and dBASE files: every read returns `nil`
/// past the end instead of trapping, so that a truncated or corrupted file becomes a typed error.
struct ShapefileBytes {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }

    /// `offset ..< offset + length` lies inside the bytes.
    func contains(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= bytes.count && length <= bytes.count - offset
    }

    func byte(_ offset: Int) -> UInt8? { contains(offset, 1) ? bytes[offset] : nil }

    func slice(_ offset: Int, _ length: Int) -> ArraySlice<UInt8>? {
        contains(offset, length) ? bytes[offset..<(offset + length)] : nil
    }

    func int32BigEndian(_ offset: Int) -> Int32? {
        guard contains(offset, 4) else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 { v = v << 8 | UInt32(bytes[offset + k]) }
        return Int32(bitPattern: v)
    }

    func int32LittleEndian(_ offset: Int) -> Int32? {
        guard let v = uint32LittleEndian(offset) else { return nil }
        return Int32(bitPattern: v)
    }

    func uint32LittleEndian(_ offset: Int) -> UInt32? {
        guard contains(offset, 4) else { return nil }
        var v: UInt32 = 0
        for k in (0..<4).reversed() { v = v << 8 | UInt32(bytes[offset + k]) }
        return v
    }

    func uint16LittleEndian(_ offset: Int) -> UInt16? {
        guard contains(offset, 2) else { return nil }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    func float64LittleEndian(_ offset: Int) -> Double? {
        guard contains(offset, 8) else { return nil }
        var v: UInt64 = 0
        for k in (0..<8).reversed() { v = v << 8 | UInt64(bytes[offset + k]) }
        return Double(bitPattern: v)
    }
}
