using Feedback.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddFeedbackWeb();

var app = builder.Build();
app.UseFeedbackWeb();
app.Run();

/// <summary>The web host's entry point (public for <c>WebApplicationFactory</c> in tests).</summary>
public partial class Program;
