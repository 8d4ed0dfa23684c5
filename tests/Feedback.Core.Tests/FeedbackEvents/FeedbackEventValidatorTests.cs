using System.Text.Json;
using Feedback.Core.Errors;
using Feedback.Core.FeedbackEvents;

namespace Feedback.Core.Tests.FeedbackEvents;

public sealed class FeedbackEventValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Validate_Rating_DefaultsSourceAndOccurredAt()
    {
        var row = Valid(new FeedbackEventInput { EventId = "e", TrackingId = "t", Kind = "rating", Value = Json("\"down\"") });

        row.Source.ShouldBe("key:abc");
        row.ValueText.ShouldBe("down");
        row.OccurredAt.ShouldBe(Now);
        row.ContentHash.Length.ShouldBe(16);
    }

    [Fact]
    public void Validate_SameContent_GivesTheSameHash_OtherContentAnother()
    {
        FeedbackEventInput Input(string label) => new() { EventId = "e", TrackingId = "t", Kind = "correction", Label = Json($"\"{label}\"") };

        Valid(Input("a")).ContentHash.ShouldBe(Valid(Input("a")).ContentHash);
        Valid(Input("a")).ContentHash.ShouldNotBe(Valid(Input("b")).ContentHash);
    }

    [Fact]
    public void Validate_ReplayWithoutOccurredAt_HashesTheSameAtAnotherTime()
    {
        var input = new FeedbackEventInput { EventId = "e", TrackingId = "t", Kind = "rating", Value = Json("5") };
        var errors = new FieldErrors();

        var first = FeedbackEventValidator.Validate(input, "", "s", Now, TimeSpan.Zero, errors)!;
        var later = FeedbackEventValidator.Validate(input, "", "s", Now.AddHours(1), TimeSpan.Zero, errors)!;

        later.ContentHash.ShouldBe(first.ContentHash, "a retry an hour later is the same event");
    }

    [Fact]
    public void Validate_OccurredAtWithinClockSkew_IsAccepted()
    {
        var errors = new FieldErrors();
        var input = new FeedbackEventInput { EventId = "e", TrackingId = "t", Kind = "rating", Value = Json("\"up\""), OccurredAt = Now.AddMinutes(4) };

        FeedbackEventValidator.Validate(input, "", "s", Now, TimeSpan.FromMinutes(5), errors).ShouldNotBeNull();
        FeedbackEventValidator.Validate(input, "", "s", Now, TimeSpan.FromMinutes(3), errors).ShouldBeNull();
        errors.ToDictionary().Keys.ShouldBe(["occurredAt"]);
    }

    [Fact]
    public void Validate_Comment_IsScrubbedAndLengthChecked()
    {
        var row = Valid(new FeedbackEventInput { EventId = "e", TrackingId = "t", Kind = "harm", Category = "privacy", Severity = "critical", Comment = "leaked a@b.io" });
        row.Comment.ShouldBe("leaked [email]");

        var errors = new FieldErrors();
        FeedbackEventValidator.Validate(
            new FeedbackEventInput { EventId = "e", TrackingId = "t", Kind = "harm", Category = "x", Severity = "low", Comment = new string('c', 4001) },
            "events[0]", "s", Now, TimeSpan.Zero, errors).ShouldBeNull();
        errors.ToDictionary().Keys.ShouldBe(["events[0].comment"]);
    }

    private static FeedbackEvent Valid(FeedbackEventInput input)
    {
        var errors = new FieldErrors();
        var row = FeedbackEventValidator.Validate(input, "", "key:abc", Now, TimeSpan.FromMinutes(5), errors);
        errors.HasErrors.ShouldBeFalse(errors.Summary());
        return row!;
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;
}
