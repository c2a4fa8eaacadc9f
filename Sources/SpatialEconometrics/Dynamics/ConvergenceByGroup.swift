import Foundation

/// Sigma, cross-section beta, panel beta and Phillips-Sul convergence within each group of units (e.g. China's
/// east, central, west and northeast): every analysis run on the group's own units exactly as on a data set that
/// held only that group.
///
/// The panel is split by a unit-level column (``PanelGroups``). In each group:
/// - ``SigmaConvergence`` of the group's units;
/// - ``BetaConvergence``: `g_i = a + beta ln y_i0 (+ X_i0 gamma) + e_i` by OLS over the group's units and, given a
///   model, the spatial model with **the weights restricted to the group**: `W_g`, the links between two units of
///   the group (links to other groups dropped), with the weights' own transformation applied again
///   (``SpatialWeights/subset(ids:)``; row-standardised weights are row-standardised again within the group, so
///   every unit with a neighbour in the group has a row summing to one). A unit whose neighbours are all in other
///   groups becomes an island of `W_g`, named in ``Group/weightsWarnings``;
/// - with `panelEffects`, ``PanelBetaConvergence``: OLS within over the group's units (its own unit and period
///   effects) and, with `model`, the bias-corrected dynamic SAR/SDM with `W_g`;
/// - with `clubs`, ``ConvergenceClubs`` of the group's units (clubs within a group: a common robustness check).
///
/// A group too small for an analysis is refused, naming the group (``DynamicsError/group(name:column:units:error:)``):
/// at least 2 units for sigma, the panel regressions and the log t test; for the cross-section regression one unit
/// more than its coefficients (OLS: intercept, `ln y_0` and the controls, k; SAR and SEM: k + 1 with rho or lambda;
/// SDM: 2k with the lagged regressors), so that a residual degree of freedom is left; a spatial model also needs
/// a link inside the group. Any error of a group's fit names the group the same way.
///
/// ```swift
/// let byRegion = try ConvergenceByGroup(panel: paired.panel, group: "region", variable: "gdppc",
///                                       model: .sar, weights: paired.weights, panelEffects: .twoways)
/// for g in byRegion.groups { print(g.name, g.beta.estimates.map(\.beta)) }
/// ```
public struct ConvergenceByGroup: Sendable, Codable {
    /// Settings of the Phillips-Sul analysis (``ConvergenceClubs/init(panel:variable:logarithm:hpLambda:trim:sieve:)``).
    public struct ClubSettings: Sendable, Codable, Equatable {
        /// HP smoothing of ln y (nil or 0: not filtered).
        public let hpLambda: Double?
        /// The log t regression's trimming fraction r.
        public let trim: Double
        /// The sieve's c* (its start with an increment).
        public let sieve: Double
        /// The sieve and merging rules.
        public let rules: ConvergenceClubs.Rules
        /// Settings as ``ConvergenceClubs``' defaults (lambda 400, r = 0.3, c* = 0, Phillips-Sul rules).
        public init(hpLambda: Double? = 400, trim: Double = 0.3, sieve: Double = 0, rules: ConvergenceClubs.Rules = .init()) {
            self.hpLambda = hpLambda; self.trim = trim; self.sieve = sieve; self.rules = rules
        }
    }

    /// The analyses of one group.
    public struct Group: Sendable, Codable {
        /// The group's label.
        public let name: String
        /// Its units, in the panel's order.
        public let units: [String]
        /// Sigma convergence of the group.
        public let sigma: SigmaConvergence
        /// Cross-section beta convergence of the group (spatial model with the group's weights).
        public let beta: BetaConvergence
        /// Panel beta convergence of the group (nil without `panelEffects`).
        public let panelBeta: PanelBetaConvergence?
        /// Phillips-Sul test and clubs of the group (nil without `clubs`).
        public let clubs: ConvergenceClubs?
        /// Warnings of the group's weights (units left without a neighbour in the group); empty without weights.
        public let weightsWarnings: [String]
    }

    /// The grouping column.
    public let column: String
    /// The groups, labels in canonical order.
    public let groups: [Group]
    /// How the weights were restricted to each group (empty without weights).
    public let notes: [String]

    /// Convergence of `variable` within each group of `panel` by the unit-level column `group`. The arguments are
    /// those of ``BetaConvergence`` (`from`, `to`, `conditional`, `model`, `weights`: the panel's units in order),
    /// ``PanelBetaConvergence`` (`panelEffects`, nil: not run) and ``ConvergenceClubs`` (`clubs`, nil: not run).
    /// - Throws: ``DynamicsError/data(_:)`` for a bad grouping column (see ``PanelGroups``);
    ///   ``DynamicsError/group(name:column:units:error:)`` for a group that is too small or whose fit fails.
    public init(panel: Panel, group column: String, variable: String, from: String? = nil, to: String? = nil,
                conditional: [String] = [], model: SpatialModel? = nil, weights: SpatialWeights? = nil,
                panelEffects: PanelEffects? = nil, clubs: ClubSettings? = nil) throws(DynamicsError) {
        let split: PanelGroups
        do { split = try PanelGroups(panel: panel, column: column) } catch { throw .data(error) }
        if let weights, weights.ids != panel.units {
            throw .invalidArgument("the weights' units are not the panel's units in the same order (use PairedPanel)")
        }
        if model != nil, weights == nil { throw .invalidArgument("a spatial model needs weights") }
        let k = 2 + conditional.count
        let crossSectionNeeded: Int
        switch model {
        case nil: crossSectionNeeded = k + 1
        case .sdm?: crossSectionNeeded = 2 * k + 1
        default: crossSectionNeeded = k + 2
        }
        var groups = [Group]()
        for g in split.groups {
            let n = g.units.count
            func named(_ e: DynamicsError) -> DynamicsError { .group(name: g.name, column: column, units: n, error: e) }
            func need(_ what: String, _ needed: Int) throws(DynamicsError) {
                guard n >= needed else { throw named(.tooFewObservations(what: what, needed: needed, got: n)) }
            }
            do throws(DynamicsError) {
                try need("sigma convergence", 2)
                try need("the cross-section beta regression (\(model.map { $0.rawValue.uppercased() } ?? "OLS"), one unit more than its coefficients)", crossSectionNeeded)
                if panelEffects != nil { try need("the panel beta regression", 2) }
                if clubs != nil { try need("the Phillips-Sul log t test", 2) }
                var w: SpatialWeights? = nil
                if let weights, model != nil {
                    let sub: SpatialWeights
                    do { sub = try weights.subset(ids: g.units) } catch { throw DynamicsError.weights(error) }
                    guard sub.matrix.nonzeroCount > 0 else {
                        throw DynamicsError.invalidArgument("no two of its units are neighbours in the weights, so the spatial model cannot be fitted within it")
                    }
                    w = sub
                }
                let sigma = try SigmaConvergence(panel: g.panel, variable: variable)
                let beta = try BetaConvergence(panel: g.panel, variable: variable, from: from, to: to, conditional: conditional, model: model, weights: w)
                let panelBeta = try panelEffects.map { (e) throws(DynamicsError) in
                    try PanelBetaConvergence(panel: g.panel, variable: variable, from: from, to: to, conditional: conditional, effects: e,
                                             model: model, weights: w)
                }
                let club = try clubs.map { (c) throws(DynamicsError) in
                    try ConvergenceClubs(panel: g.panel, variable: variable, hpLambda: c.hpLambda, trim: c.trim, sieve: c.sieve, rules: c.rules)
                }
                groups.append(Group(name: g.name, units: g.units, sigma: sigma, beta: beta, panelBeta: panelBeta, clubs: club,
                                    weightsWarnings: w?.warnings.filter { $0.contains("without a neighbour") } ?? []))
            } catch {
                if case .group = error { throw error }
                throw named(error)
            }
        }
        self.column = column
        self.groups = groups
        notes = weights.map { w in
            model == nil ? [] : ["weights within each group: W restricted to the group's units (links to other groups dropped), then transformed again as given (\(w.transformation.rawValue)"
                + (w.transformation == .row ? ": rows re-standardised to sum to one within the group" : "") + ")"]
        } ?? []
    }

    /// Per group: the beta-convergence tables (cross-section, then panel) and the clubs, each titled with the group.
    public var tables: [Table] {
        groups.flatMap { g -> [Table] in
            let spatialNotes = g.beta.model == nil ? [] : notes + g.weightsWarnings
            var beta = g.beta.table, panelBeta = g.panelBeta?.table
            beta.notes += spatialNotes
            panelBeta?.notes += spatialNotes
            return ([g.sigma.table, beta] + [panelBeta, g.clubs?.table].compactMap { $0 }).map { table in
                var t = table
                t.title = "\(column) = \(g.name): " + t.title
                return t
            }
        }
    }

    /// ``tables`` as text.
    public var summary: String { tables.map(\.text).joined(separator: "\n\n") }
}
