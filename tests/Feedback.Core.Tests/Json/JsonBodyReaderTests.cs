using System.Text;
using Feedback.Core.Errors;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Json;

namespace Feedback.Core.Tests.Json;

public sealed class JsonBodyReaderTests
{
    [Theory]
    [InlineData("""{"events": [{"eventId": "a"}, {"eventId": "b", "occurredAt": 5}]}""", "events[1].occurredAt", "ISO 8601")]
    [InlineData("""{"events": [{"eventId": "a", "colour": 1}]}""", "events[0].colour", "not a known field")]
    [InlineData("""{"eventId": "a", "eventId": "b"}""", "eventId", "more than once")]
    [InlineData("""{"eventId": "a",}""", "body", "not valid JSON")]
    [InlineData("""{"value": NaN}""", "value", "not valid JSON")]
    [InlineData("""[]""", "body", "wrong type")]
    [InlineData("""null""", "body", "not null")]
    public void Read_InvalidBody_NamesTheField(string json, string field, string message)
    {
        var exception = Should.Throw<InvalidInputException>(() => JsonBodyReader.Read<FeedbackRequestBody>(Encoding.UTF8.GetBytes(json)));

        exception.Errors.Keys.ShouldBe([field]);
        exception.Errors[field][0].ShouldContain(message);
    }

    [Fact]
    public void ReadLines_SkipsBlankLinesAndKeepsRecordIndexes()
    {
        var records = JsonBodyReader.ReadLines<FeedbackEventInput>("\n{\"eventId\":\"a\"}\r\n\n  \n{\"eventId\":\"b\"}"u8, "events", 10);

        records.Select(r => r!.EventId).ShouldBe(["a", "b"]);
    }

    [Fact]
    public void ReadLines_MoreThanTheLimit_IsTooLarge()
    {
        var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"eventId\":\"a\"}\n", 4)));

        Should.Throw<PayloadTooLargeException>(() => JsonBodyReader.ReadLines<FeedbackEventInput>(body, "events", 3)).Field.ShouldBe("events");
    }

    [Fact]
    public void ReadLines_Empty_IsAnError() =>
        Should.Throw<InvalidInputException>(() => JsonBodyReader.ReadLines<FeedbackEventInput>("\n\n"u8, "events", 3)).Errors.Keys.ShouldBe(["body"]);
}
