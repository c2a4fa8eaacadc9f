import Foundation

/// How a map's coordinates become SVG pixels: an extent fitted into a pixel frame with its aspect kept, north up.
///
/// Geographic coordinates (degrees) are drawn equirectangular: x is `(lon - minLon) cos(phi0)`, y the latitude,
/// with `phi0` the centre latitude of the extent (the middle of its latitude range). A degree of latitude is
/// 111.32 km everywhere, a degree of longitude `111.32 cos(lat)` km, so lengths are true north-south everywhere and
/// east-west at `phi0` only: the scale bar is true at the map's centre latitude. Projected coordinates are drawn as
/// they are, one unit being `unitMetres` metres.
struct MapProjection: Sendable {
    /// The extent drawn, in the data's coordinates.
    let extent: BoundingBox
    /// The x stretch: `cos(phi0)` for degrees, 1 for projected coordinates.
    let xScale: Double
    /// Pixels per unit of y (per degree of latitude, or per projected unit).
    let scale: Double
    /// The pixel of the extent's top-left corner `(minX, maxY)`.
    let originX: Double, originY: Double
    /// Kilometres per unit of y: 111.32 for degrees, `unitMetres / 1000` for projected coordinates.
    let kilometresPerUnit: Double

    /// Kilometres per degree of latitude (the equirectangular scaling used for degrees).
    static let kilometresPerDegree = 111.32

    /// Pixels per kilometre (true north-south everywhere, east-west at the centre latitude for degrees).
    var pixelsPerKilometre: Double { scale / kilometresPerUnit }

    /// The centre latitude `phi0` in degrees (meaningful for geographic coordinates).
    var centreLatitude: Double { (extent.minY + extent.maxY) / 2 }

    /// The pixel of a data point.
    func pixel(_ p: Point2D) -> (x: Double, y: Double) {
        (originX + (p.x - extent.minX) * xScale * scale, originY + (extent.maxY - p.y) * scale)
    }

    /// The width and height of the extent in pixels.
    var pixelWidth: Double { extent.width * xScale * scale }
    var pixelHeight: Double { extent.height * scale }

    /// The pixel frame the extent fills.
    var frame: BoundingBox { BoundingBox(minX: originX, minY: originY, maxX: originX + pixelWidth, maxY: originY + pixelHeight) }

    /// The width / height ratio of `extent` as drawn (1 for a degenerate extent).
    static func aspect(_ extent: BoundingBox, geographic: Bool) -> Double {
        let xs = geographic ? cos((extent.minY + extent.maxY) / 2 * .pi / 180) : 1
        let w = extent.width * xs, h = extent.height
        guard w > 0, h > 0, w.isFinite, h.isFinite else { return 1 }
        return min(max(w / h, 1e-3), 1e3)
    }

    /// `extent` fitted into the pixel frame `box` (aspect kept, centred).
    init(extent: BoundingBox, geographic: Bool, unitMetres: Double, fittedInto box: BoundingBox) {
        self.extent = extent
        xScale = geographic ? cos((extent.minY + extent.maxY) / 2 * .pi / 180) : 1
        let w = max(extent.width * xScale, 1e-300), h = max(extent.height, 1e-300)
        scale = min(box.width / w, box.height / h)
        originX = box.minX + (box.width - min(w * scale, box.width)) / 2
        originY = box.minY + (box.height - min(h * scale, box.height)) / 2
        kilometresPerUnit = geographic ? Self.kilometresPerDegree : unitMetres / 1000
    }
}
