import Foundation
import Testing

/// The fixture helpers fail where a reference value is missing or not a number, instead of handing the test a NaN
/// (which `close` used to accept against another NaN) or an empty list (which a loop then skipped).
@Suite struct FixtureHelperTests {
    let models: FixtureJSON

    init() throws { models = try FixtureJSON("reference/r/columbus_models.json") }

    @Test func aMissingKeyThrowsNamingTheFileAndThePath() throws {
        let error = #expect(throws: FixtureError.self) { try models["results", "SAR", "no_such_key"].number() }
        #expect(error?.description == "fixture reference/r/columbus_models.json, results.SAR.no_such_key: missing key")
        // Below a missing key every lookup is missing too, and an array index past the end is missing.
        let deep = #expect(throws: FixtureError.self) { try models["results", "no_such_model", "coefficients", "INC"].number() }
        #expect(deep?.path == "results.no_such_model.coefficients.INC")
        let index = #expect(throws: FixtureError.self) { try FixtureJSON("reference/py/columbus_ols.json")["queen", "f_stat"][2].number() }
        #expect(index?.path == "queen.f_stat[2]")
        // A loop over a missing object or list throws instead of running zero times.
        for error in [#expect(throws: FixtureError.self) { try models["results", "no_such_model"].entries() },
                      #expect(throws: FixtureError.self) { try models["results", "no_such_model"].numbers() }] {
            #expect(error?.path == "results.no_such_model" && error?.problem == "missing key")
        }
        #expect(!models["results", "no_such_model"].exists && models["results", "SAR"].exists)
    }

    @Test func nullIsANumberOnlyWhenNaNIsAllowed() throws {
        // spatialreg writes R's NA as null: `logLik_OLS` of the SAR fit.
        let na = models["results", "SAR", "logLik_OLS"]
        #expect(na.exists && na.isNull)
        let error = #expect(throws: FixtureError.self) { try na.number() }
        #expect(error?.problem.contains("allowNaN") == true, "\(String(describing: error))")
        #expect(try na.number(allowNaN: true).isNaN)
        let text = #expect(throws: FixtureError.self) { try models["results", "SAR", "type"].number() }   // "lag"
        #expect(text?.path == "results.SAR.type" && text?.problem == "a string, not a number")
        #expect(try models["results", "SAR", "type"].string() == "lag")
        #expect(try models["results", "SAR", "logLik_df"].integer() == 5)
        let fraction = #expect(throws: FixtureError.self) { try models["results", "SAR", "logLik"].integer() }
        #expect(fraction?.problem.hasSuffix("is not an integer") == true)
    }

    /// The tree is read by `JSONDecoder`, as the typed references are: the same doubles to the last bit.
    @Test func numbersAreTheDecodersToTheLastBit() throws {
        let typed = try ColumbusReference.load()
        let tree = try FixtureJSON("reference/py/columbus_weights.json")
        let centroids = try tree["centroids"].elements().map { try $0.numbers() }
        #expect(centroids == typed.centroids)
        #expect(try tree["min_threshold_distance"].number() == typed.minThresholdDistance)
    }

    @Test func decodingErrorsNameTheFileAndThePath() throws {
        struct Fit: Decodable { let logLik: Double; let no_such_field: Double }
        struct Reference: Decodable { let results: [String: Fit] }
        let error = #expect(throws: FixtureError.self) { try Fixtures.decode(Reference.self, "reference/r/boston_models.json") }
        #expect(error?.file == "reference/r/boston_models.json")
        #expect(error?.problem == "missing key" && error?.path.hasPrefix("results.") == true && error?.path.hasSuffix(".no_such_field") == true,
                "\(String(describing: error))")
    }

    @Test func closeFailsOnNaNUnlessAllowed() {
        // Without allowNaN a NaN records an issue, also where the result is negated or counted.
        withKnownIssue { #expect(!close(.nan, 1)) }
        withKnownIssue { _ = close(.nan, .nan) }
        withKnownIssue { _ = close(1, .nan) }
        // With allowNaN two NaNs are close and a NaN against a number is not, without an issue.
        #expect(close(.nan, .nan, allowNaN: true))
        #expect(!close(.nan, 1, allowNaN: true) && !close(1, .nan, allowNaN: true))
        #expect(close(.infinity, .infinity) && !close(.infinity, -.infinity) && !close(.infinity, 1e308))
        #expect(close(1, 1 + 1e-7) && !close(1, 1 + 1e-5) && close(0, 1e-13) && !close(0, 1e-11))
    }
}
