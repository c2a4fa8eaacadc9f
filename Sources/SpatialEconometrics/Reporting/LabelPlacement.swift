import Foundation

/// Greedy placement of point labels that never overlap (Imhof's rule of preferred positions, simplified): each
/// label in turn tries eight positions around its point (right, upper right, lower right, left, upper left, lower
/// left, above, below) and takes the first whose box stays inside the plot and meets neither a label already placed
/// nor an obstacle (the other points, the quadrant captions); a label with no free position is left out. The
/// labels are taken in the order given, so a caller puts the most important first; the result is deterministic.
///
/// Boxes are in pixels, y down. Text width is estimated (``MapLayout/textWidth(_:size:)``), with the same
/// allowance used for every label, so the boxes contain the rendered text for common sans-serif fonts.
struct LabelPlacement: Sendable {
    /// A label put at a position: its text, its box and the anchor point of the text (start of the baseline).
    struct Placed: Sendable, Equatable {
        let index: Int
        let text: String
        let box: BoundingBox
        let x: Double, y: Double
    }

    let placed: [Placed]
    /// The indices of the labels left out.
    let skipped: [Int]

    /// - Parameters:
    ///   - labels: `(index, text, point x, point y)` in order of priority.
    ///   - obstacles: boxes no label may meet.
    ///   - points: every point (`index` is a position in it), each an obstacle of `pointRadius` to every label but its own.
    ///   - bounds: the box every label must stay inside.
    init(labels: [(index: Int, text: String, x: Double, y: Double)], obstacles: [BoundingBox], points: [(x: Double, y: Double)],
         pointRadius: Double, bounds: BoundingBox, size: Double) {
        var placed = [Placed](), skipped = [Int]()
        let h = size, gap = pointRadius + 2
        let pointBoxes = points.map { BoundingBox(minX: $0.x - pointRadius, minY: $0.y - pointRadius, maxX: $0.x + pointRadius, maxY: $0.y + pointRadius) }
        for label in labels {
            let w = MapLayout.textWidth(label.text, size: size)
            let (px, py) = (label.x, label.y)
            let d = gap * 0.75
            // Top-left corners of the candidate boxes.
            let candidates: [(Double, Double)] = [
                (px + gap, py - h / 2), (px + d, py - d - h), (px + d, py + d),
                (px - gap - w, py - h / 2), (px - d - w, py - d - h), (px - d - w, py + d),
                (px - w / 2, py - gap - h), (px - w / 2, py + gap),
            ]
            var chosen: Placed?
            for (x, y) in candidates {
                let box = BoundingBox(minX: x, minY: y, maxX: x + w, maxY: y + h)
                guard box.minX >= bounds.minX, box.maxX <= bounds.maxX, box.minY >= bounds.minY, box.maxY <= bounds.maxY else { continue }
                if placed.contains(where: { Self.overlap($0.box, box) }) { continue }
                if obstacles.contains(where: { Self.overlap($0, box) }) { continue }
                if pointBoxes.indices.contains(where: { $0 != label.index && Self.overlap(pointBoxes[$0], box) }) { continue }
                chosen = Placed(index: label.index, text: label.text, box: box, x: x, y: y + h * 0.8)
                break
            }
            if let chosen { placed.append(chosen) } else { skipped.append(label.index) }
        }
        self.placed = placed
        self.skipped = skipped
    }

    /// The interiors meet (boxes that only touch do not overlap).
    static func overlap(_ a: BoundingBox, _ b: BoundingBox) -> Bool {
        a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY
    }
}
