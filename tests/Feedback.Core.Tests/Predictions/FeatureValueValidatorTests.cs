using System.Text.Json;
using Feedback.Core.Errors;
using Feedback.Core.Predictions;
using Feedback.Ml.Schema;

namespace Feedback.Core.Tests.Predictions;

public sealed class FeatureValueValidatorTests
{
    private static readonly FeatureSchema Schema = new(
    [
        new FeatureSpec("text", FeatureType.Text) { MaxLength = 20 },
        new FeatureSpec("amount", FeatureType.Numeric, Required: false),
        new FeatureSpec("country", FeatureType.Categorical, Role: FeatureRole.SliceOnly),
        new FeatureSpec("premium", FeatureType.Boolean, Required: false),
    ]);

    [Fact]
    public void Validate_WritesSchemaOrderAndDropsNullOptionals()
    {
        var errors = new FieldErrors();

        var json = FeatureValueValidator.Validate(Parse("""{"premium": null, "country": "DE", "amount": 1.50, "text": "héllo"}"""), Schema, "inputs", errors);

        errors.HasErrors.ShouldBeFalse();
        json.ShouldBe("""{"text":"héllo","amount":1.50,"country":"DE"}""");
    }

    [Theory]
    [InlineData("""{"text": "x", "country": "DE", "amount": true}""", "inputs.amount")]
    [InlineData("""{"text": "x", "country": "DE", "premium": 1}""", "inputs.premium")]
    [InlineData("""{"text": "this text is far too long", "country": "DE"}""", "inputs.text")]
    [InlineData("""{"text": "x"}""", "inputs.country")]
    [InlineData("""{"text": "x", "country": "DE", "other": 1}""", "inputs.other")]
    [InlineData("""{"text": {"nested": 1}, "country": "DE"}""", "inputs.text")]
    public void Validate_BadValue_NamesTheFeature(string inputs, string field)
    {
        var errors = new FieldErrors();

        FeatureValueValidator.Validate(Parse(inputs), Schema, "inputs", errors).ShouldBeNull();

        errors.ToDictionary().Keys.ShouldBe([field]);
    }

    [Fact]
    public void Validate_NotAnObject_IsAnError()
    {
        var errors = new FieldErrors();

        FeatureValueValidator.Validate(Parse("[1, 2]"), Schema, "inputs", errors).ShouldBeNull();
        FeatureValueValidator.Validate(null, Schema, "other", errors).ShouldBeNull();

        errors.ToDictionary().Keys.ShouldBe(["inputs", "other"]);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;
}
