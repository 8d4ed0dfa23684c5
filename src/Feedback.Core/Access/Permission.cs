namespace Feedback.Core.Access;

/// <summary>One thing a caller may do. Key scopes and user roles are both mapped to sets of permissions
/// (<see cref="AccessRules"/>), so the API and the pages are authorised by the same rules.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The domain word; not a System.Security permission type.")]
public enum Permission
{
    /// <summary>Read model definitions, versions, aliases, label counts and single predictions.</summary>
    ReadModels,

    /// <summary>Create and change model definitions, move aliases, run the label join.</summary>
    ManageModels,

    /// <summary>Call <c>:predict</c> and log predictions.</summary>
    Predict,

    /// <summary>Send feedback events.</summary>
    SendFeedback,

    /// <summary>Work annotation tasks in the crowd pool.</summary>
    Annotate,

    /// <summary>Work annotation tasks in the expert review pool.</summary>
    ReviewAnnotations,

    /// <summary>List and read annotation projects (annotate-only callers: those they hold or answered a task in).</summary>
    ReadAnnotationProjects,

    /// <summary>Create, populate and inspect annotation projects.</summary>
    ManageAnnotation,

    /// <summary>Read runs, artifacts, lineage, snapshots and approval requests.</summary>
    ReadRuns,

    /// <summary>Start, cancel and resume runs.</summary>
    OperateRuns,

    /// <summary>Approve or reject a run's candidate.</summary>
    DecideApprovals,

    /// <summary>Create, list and revoke API keys (never wider than the caller's own).</summary>
    ManageKeys,

    /// <summary>Create and list users (unrestricted callers only: users are not limited to models).</summary>
    ManageUsers,

    /// <summary>Erase a subject's data, review quarantined feedback.</summary>
    ManageSubjects,
}

/// <summary>What a caller kind is.</summary>
public enum CallerKind
{
    /// <summary>A program presenting an API key.</summary>
    ApiKey,

    /// <summary>A person signed in to the web UI.</summary>
    User,
}
