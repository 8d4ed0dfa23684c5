using Feedback.Core.Privacy;

namespace Feedback.Core.Tests.Privacy;

public sealed class PiiScrubberTests
{
    [Theory]
    [InlineData("write to jane.doe+x@mail.example.co.uk please", "write to [email] please")]
    [InlineData("card 4111 1111 1111 1111 was charged", "card [card] was charged")]
    [InlineData("card 4111-1111-1111-1111", "card [card]")]
    [InlineData("call +44 20 7946 0958 now", "call [phone] now")]
    [InlineData("call (555) 123-4567", "call [phone]")]
    [InlineData("call 555.123.4567", "call [phone]")]
    public void Scrub_MasksPersonalData(string text, string expected) => PiiScrubber.Scrub(text).ShouldBe(expected);

    [Theory]
    [InlineData("the model was wrong in 2024")]
    [InlineData("order 12345 arrived late")]
    [InlineData("rated 4.5 of 5")]
    [InlineData("")]
    public void Scrub_LeavesOrdinaryTextAlone(string text) => PiiScrubber.Scrub(text).ShouldBe(text);

    [Fact]
    public void Scrub_SixteenDigitsFailingLuhn_AreStillMaskedAsAPhoneLikeNumber()
    {
        // Not a card (fails the Luhn check) but a long digit run is treated as contact data: false positives are cheap.
        PiiScrubber.Scrub("ref 1234 5678 9012 3456").ShouldBe("ref [phone]");
    }
}
