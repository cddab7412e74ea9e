namespace PmOpsBot.Core.Initiatives;

/// <summary>Just enough of an initiative to rank it against a typed name; the winners are then loaded whole.</summary>
public sealed record InitiativeName(Guid Id, string Name);
