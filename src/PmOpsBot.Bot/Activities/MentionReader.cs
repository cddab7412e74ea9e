using System.Text.RegularExpressions;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Bot.Activities;

/// <summary>People @mentioned in a message (other than the bot), and the text with mention markup turned into "@Name".</summary>
public static partial class MentionReader
{
    public static IReadOnlyList<UserRef> PeopleMentioned(IActivity activity)
    {
        if (activity is not Activity concrete) return [];
        return concrete.GetMentions()
            .Where(m => m.Mentioned is not null && m.Mentioned.Id != activity.Recipient?.Id)
            .Select(m => new UserRef(m.Mentioned.AadObjectId ?? m.Mentioned.Id, CleanName(m.Mentioned.Name ?? m.Text ?? "")))
            .Where(u => !string.IsNullOrEmpty(u.Id))
            .DistinctBy(u => u.Id)
            .ToList();
    }

    public static string PlainText(string text) => AtTag().Replace(text, m => "@" + m.Groups[1].Value.Trim());

    private static string CleanName(string name) => AtTag().Replace(name, m => m.Groups[1].Value).Trim();

    [GeneratedRegex("<at>(.*?)</at>", RegexOptions.IgnoreCase)]
    private static partial Regex AtTag();
}
