import Foundation
import SpatialEconometrics

/// `spatial fit ... --unbalanced [renormalized|restricted]`: fixed-effects SAR/SDM on a panel with gaps
/// (``UnbalancedPanelRegression``). Without the option a gap stays an error (the balanced estimators, Lee-Yu by
/// default, do not exist with gaps, and the unbalanced fit is a different estimator, the direct approach: it is
/// asked for, never substituted), whose message names the option.
extension FitCommand {
    /// Reads the options of an `--unbalanced` fit (model, effects, W_t); refuses those that do not apply.
    static func unbalancedSpecification(model: SpatialModel, effectsName: String, _ o: inout ParsedOptions) throws(UsageError) -> PanelSpecification {
        let mode = UnbalancedWeights(rawValue: try o.choice("--unbalanced")) ?? .renormalized
        guard model == .sar || model == .sdm else {
            throw .inapplicable("--unbalanced", message: "--unbalanced applies to the lag models sar and sdm: with gaps the \(model.rawValue.uppercased())'s "
                + "(I - lambda W_t) mu is no longer a unit effect, so the effects cannot be removed exactly")
        }
        guard let effects = PanelEffects(rawValue: effectsName), effects != .none else {
            throw .invalid("--effects", message: "--unbalanced takes --effects individual, time or twoways (fixed effects), not \(effectsName)")
        }
        if o.has("--estimator") {
            throw .inapplicable("--estimator", message: "--estimator chooses a balanced estimator; an --unbalanced fit is the exact direct approach on the observed cells")
        }
        if o.has("--dynamic") { throw .inapplicable("--dynamic", message: "--dynamic does not apply to --unbalanced fits (the dynamic panel needs every period)") }
        return .unbalanced(effects, mode)
    }

    /// A balanced pairing's gap error, with the option that allows gaps where it applies.
    static func gapHint(_ error: any Error, model: SpatialModel, specification: PanelSpecification) -> any Error {
        guard let data = error as? DataError, case .missingObservation = data else { return error }
        let applies: Bool
        if case .fixed(let e, _) = specification { applies = e != .none && (model == .sar || model == .sdm) } else { applies = false }
        return GapRefusal(description: data.description + "; "
            + (applies ? "to fit the panel with its gaps add --unbalanced (the exact direct approach on the observed cells; library: UnbalancedPanelRegression)"
                       : "--unbalanced allows gaps for fixed-effects sar and sdm fits"))
    }

    func runUnbalanced(_ table: DataTable, unit: String, time: String, effects effectsKind: PanelEffects, periodWeights: UnbalancedWeights,
                       weightsSource: FitReport.WeightsSource, _ context: CommandContext) throws -> Int32 {
        let console = context.console
        let paired = try UnbalancedPanel.paired(table: table, unit: unit, time: time, weights: weightsInput.read(console),
                                                byPosition: weightsInput.byPosition, dropMissingRows: weightsInput.dropMissing ? [y] + x : [])
        for s in paired.warnings { console.warning(s) }
        let fit = try UnbalancedPanelRegression(model, panel: paired.panel, y: y, x: x, weights: paired.weights, effects: effectsKind,
                                                periodWeights: periodWeights, covariance: vce, progress: context.progress)
        let effects = try BoundPolicy.effects(fit.boundary, console) { try ImpactMeasures(fit, inference: inference, progress: context.progress) }
        let pairingLine = "Units matched to the weights " + (paired.pairing == .position ? "BY POSITION (order of first appearance)" : "by id, column '\(unit)'")
            + (paired.notes.isEmpty ? "" : "; " + paired.notes.joined(separator: "; "))
            + "; \(paired.panel.observedCount) of \(paired.panel.unitCount * paired.panel.periodCount) unit-periods observed"
        if output.isJSON {
            var report = FitReport(fit, effects: effects, pairing: PairingReport(unbalancedUnit: unit, pairing: paired.pairing))
            report.t = fit.t; report.estimator = "direct-unbalanced"; report.likelihood = fit.likelihood
            report.effectsKind = effectsKind.rawValue; report.weights = weightsSource
            report.fixedEffects = fit.fixedEffects
            report.vce = vce.description
            try console.json(report)
        } else {
            print(fit, summary: fit.summary, effects: effects, tests: [:], paired: pairingLine, console)
        }
        return BoundPolicy.status(fit.boundary, allow: allowBound)
    }
}

extension PairingReport {
    /// The pairing of an unbalanced panel (by the unit column, or by position).
    init(unbalancedUnit unit: String, pairing: UnitPairingMethod) { idColumn = unit; self.pairing = pairing.rawValue }
}

/// A panel with gaps fitted without `--unbalanced` (a data error: exit status 1), naming the option.
struct GapRefusal: Error, CustomStringConvertible {
    let description: String
}
