using Feedback.Web.Hosting;

if (AdminCommands.Handles(args))
{
    return await AdminCommands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddFeedbackWeb();

var app = builder.Build();
app.UseFeedbackWeb();
app.Run();
return 0;

/// <summary>The web host's entry point (public for <c>WebApplicationFactory</c> in tests).</summary>
public partial class Program;
