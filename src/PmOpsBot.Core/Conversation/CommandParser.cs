using PmOpsBot.Core.Interview;

namespace PmOpsBot.Core.Conversation;

/// <summary>
/// Recognises commands. Typed text counts only when the whole message is the command, so a
/// description such as "we need help desk cover" is never read as "help".
/// </summary>
public static class CommandParser
{
    private static readonly Dictionary<string, ChatCommand> Phrases = new(StringComparer.Ordinal)
    {
        ["help"] = ChatCommand.Help, ["?"] = ChatCommand.Help, ["help me"] = ChatCommand.Help, ["what can you do"] = ChatCommand.Help, ["commands"] = ChatCommand.Help, ["menu"] = ChatCommand.Help,
        ["hi"] = ChatCommand.Greeting, ["hello"] = ChatCommand.Greeting, ["hey"] = ChatCommand.Greeting, ["hi there"] = ChatCommand.Greeting,
        ["hello there"] = ChatCommand.Greeting, ["good morning"] = ChatCommand.Greeting, ["good afternoon"] = ChatCommand.Greeting, ["hiya"] = ChatCommand.Greeting,
        ["new initiative"] = ChatCommand.NewInitiative, ["new"] = ChatCommand.NewInitiative, ["start"] = ChatCommand.NewInitiative, ["begin"] = ChatCommand.NewInitiative,
        ["new interview"] = ChatCommand.NewInitiative, ["start interview"] = ChatCommand.NewInitiative, ["project or operations"] = ChatCommand.NewInitiative, ["classify"] = ChatCommand.NewInitiative,
        ["back"] = ChatCommand.Back, ["go back"] = ChatCommand.Back, ["previous"] = ChatCommand.Back, ["undo"] = ChatCommand.Back,
        ["skip"] = ChatCommand.Skip, ["skip this"] = ChatCommand.Skip, ["skip it"] = ChatCommand.Skip, ["pass"] = ChatCommand.Skip, ["next"] = ChatCommand.Skip,
        ["cancel"] = ChatCommand.Cancel, ["stop"] = ChatCommand.Cancel, ["quit"] = ChatCommand.Cancel, ["exit"] = ChatCommand.Cancel, ["abort"] = ChatCommand.Cancel,
        ["restart"] = ChatCommand.Restart, ["start over"] = ChatCommand.Restart, ["start again"] = ChatCommand.Restart, ["reset"] = ChatCommand.Restart,
        ["status"] = ChatCommand.Status, ["where am i"] = ChatCommand.Status, ["progress"] = ChatCommand.Status, ["where was i"] = ChatCommand.Status,
        ["career fit"] = ChatCommand.CareerFit, ["career"] = ChatCommand.CareerFit, ["which career fits me"] = ChatCommand.CareerFit,
        ["handover"] = ChatCommand.Handover, ["handover plan"] = ChatCommand.Handover, ["who owns"] = ChatCommand.Handover,
        ["forget me"] = ChatCommand.ForgetMe, ["forget my data"] = ChatCommand.ForgetMe, ["delete my data"] = ChatCommand.ForgetMe,
        ["forget about me"] = ChatCommand.ForgetMe, ["delete me"] = ChatCommand.ForgetMe, ["delete all my data"] = ChatCommand.ForgetMe,
        ["erase my data"] = ChatCommand.ForgetMe, ["remove my data"] = ChatCommand.ForgetMe, ["please forget me"] = ChatCommand.ForgetMe,
    };

    private static readonly Dictionary<string, ChatCommand> Actions = new(StringComparer.Ordinal)
    {
        ["help"] = ChatCommand.Help, ["new"] = ChatCommand.NewInitiative, ["back"] = ChatCommand.Back, ["skip"] = ChatCommand.Skip,
        ["cancel"] = ChatCommand.Cancel, ["restart"] = ChatCommand.Restart, ["status"] = ChatCommand.Status,
        ["career"] = ChatCommand.CareerFit, ["handover"] = ChatCommand.Handover, ["confirm"] = ChatCommand.Confirm, ["decline"] = ChatCommand.Decline,
        ["forget"] = ChatCommand.ForgetMe,
    };

    public static ChatCommand Parse(UserInput input)
    {
        if (input.Action is { } action)
            return Actions.GetValueOrDefault(action, ChatCommand.None);
        if (string.IsNullOrWhiteSpace(input.Text)) return ChatCommand.None;
        var normalized = AnswerReader.Normalize(input.Text).TrimStart('/');
        if (input.Text.Trim() == "?") return ChatCommand.Help;
        return Phrases.GetValueOrDefault(normalized, ChatCommand.None);
    }

    /// <summary>Yes/no for a pending question such as "abandon the open interview?".</summary>
    public static bool? ParseYesNo(UserInput input)
    {
        if (input.Action == "confirm") return true;
        if (input.Action == "decline") return false;
        return AnswerReader.Normalize(input.Text ?? "") switch
        {
            "yes" or "y" or "yep" or "yeah" or "sure" or "ok" or "okay" or "abandon" or "yes abandon it" or "start a new one" => true,
            "no" or "n" or "nope" or "keep" or "keep it" or "continue" or "no keep going" or "keep going" => false,
            _ => null,
        };
    }
}
