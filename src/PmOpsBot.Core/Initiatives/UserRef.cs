namespace PmOpsBot.Core.Initiatives;

/// <summary>A person as the channel knows them: a stable id (AAD object id in Teams when known) and a display name.</summary>
public sealed record UserRef(string Id, string Name);
