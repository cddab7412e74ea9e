using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Privacy;

/// <summary>
/// Who stands in for a person who asked to be forgotten: a fresh id that links to nobody (one per request, so two
/// forgotten people never share one) and the name “a former member”. Never mentioned, never messaged.
/// </summary>
public static class FormerMember
{
    public const string Name = "a former member";

    /// <summary>No Teams, Slack or terminal user id starts like this.</summary>
    public const string IdPrefix = "former:";

    public static UserRef New() => new(IdPrefix + Guid.NewGuid().ToString("N"), Name);

    public static bool Is(UserRef? person) => person is not null && person.Id.StartsWith(IdPrefix, StringComparison.Ordinal);
}
