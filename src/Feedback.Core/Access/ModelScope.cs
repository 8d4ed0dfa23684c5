namespace Feedback.Core.Access;

/// <summary>How a route's resource belongs to a model, so a model-limited caller is checked against it.</summary>
public enum ModelScope
{
    /// <summary>The route names the model: <c>{name}</c>.</summary>
    Model,

    /// <summary>A pipeline run: <c>{id}</c>.</summary>
    Run,

    /// <summary>A run artifact: <c>{artifactId}</c>.</summary>
    Artifact,

    /// <summary>An approval request: <c>{id}</c>.</summary>
    Approval,

    /// <summary>An annotation project: <c>{project}</c>.</summary>
    Project,

    /// <summary>An annotation task (slot): <c>{id}</c> or <c>{taskId}</c>.</summary>
    Task,

    /// <summary>A prediction: <c>{trackingId}</c>.</summary>
    Prediction,

    /// <summary>The handler checks every model it touches or lists only the caller's models.</summary>
    Filtered,

    /// <summary>Not about one model (users, subjects): only callers limited to no model set may act.</summary>
    Global,
}
