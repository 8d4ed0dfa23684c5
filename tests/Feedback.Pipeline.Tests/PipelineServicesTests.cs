using Feedback.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Pipeline.Tests;

public sealed class PipelineServicesTests
{
    [Fact]
    public void AddFeedbackPipeline_ReturnsTheSameCollection()
    {
        var services = new ServiceCollection();
        services.AddFeedbackPipeline().ShouldBeSameAs(services);
    }
}
