using Feedback.Ml.Bundles;
using Feedback.Ml.Tests.Data;

namespace Feedback.Ml.Tests.Bundles;

/// <summary>Loads a bundle checked in by an earlier build, so that format changes that break old files are caught.</summary>
/// <remarks>Fixtures/Bundles/linear-v1.fbmodel was written by format version 1 with
/// <c>dotnet run --project bench/Feedback.Bench.Linear -c Release -- fixture tests/Feedback.Ml.Tests/Fixtures/Bundles/linear-v1.fbmodel</c>,
/// which also prints the scores pinned below. When the format version is bumped, keep this file and add the new one.</remarks>
public sealed class BundleFixtureTests
{
    [Fact]
    public void Load_CheckedInVersion1Bundle_PredictsKnownScores()
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Bundles", "linear-v1.fbmodel"));

        var bundle = ModelBundle.Load(stream);

        bundle.Metadata.TrainerName.ShouldBe("logistic-regression");
        bundle.Metadata.LabelClasses.ShouldBe(["ok", "fraud"]);
        bundle.Predict(TestSchemas.Row(420, "FR", "urgent refund", true))[1].ShouldBe(KnownScores.Fraud420, 1e-12);
        bundle.Predict(TestSchemas.Row(15, "DE", "cheap hotel", null))[1].ShouldBe(KnownScores.Fraud15, 1e-12);
    }

    private static class KnownScores
    {
        public const double Fraud420 = 0.9373884647661347;
        public const double Fraud15 = 0.015337784158921095;
    }
}
