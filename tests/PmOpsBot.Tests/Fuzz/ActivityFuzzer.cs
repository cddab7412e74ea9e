using System.Text;
using Newtonsoft.Json.Linq;
using PmOpsBot.Bot.Cards;

namespace PmOpsBot.Tests.Fuzz;

/// <summary>
/// Bot Framework activities for POST /api/messages: a valid message activity, mutated one to four times (random
/// or unknown types, fields removed, fields of the wrong JSON type, button-press values, mentions, odd unicode,
/// long strings, deep nesting, random ids), plus some bodies that are not JSON and wrong content types.
/// Conversation, tenant and user ids are never the witness's.
/// </summary>
public sealed class ActivityFuzzer(FuzzText text, string serviceUrl, IReadOnlySet<string> reservedIds)
{
    public static readonly string[] KnownTypes =
    [
        "message", "conversationUpdate", "contactRelationUpdate", "typing", "endOfConversation", "event", "invoke", "deleteUserData",
        "messageUpdate", "messageDelete", "installationUpdate", "messageReaction", "suggestion", "trace", "handoff", "command", "commandResult", "delay",
    ];

    private static readonly string[] Paths =
    [
        "type", "id", "channelId", "serviceUrl", "deliveryMode", "conversation", "conversation.id", "conversation.tenantId", "conversation.conversationType",
        "conversation.isGroup", "from", "from.id", "from.aadObjectId", "from.name", "recipient", "recipient.id", "text", "timestamp", "localTimestamp",
        "value", "entities", "attachments", "channelData", "membersAdded", "membersRemoved", "localTimezone", "locale", "replyToId", "name", "textFormat",
        "action", "reactionsAdded", "relatesTo", "expiration", "importance", "suggestedActions", "callerId", "label", "valueType", "topicName",
    ];

    private static readonly string[] InvokeNames =
    [
        "adaptiveCard/action", "composeExtension/query", "composeExtension/submitAction", "task/fetch", "task/submit", "signin/verifyState",
        "signin/tokenExchange", "fileConsent/invoke", "actionableMessage/executeAction", "config/fetch", "tab/fetch", "application/search", "healthCheck",
    ];

    private Random Rng => text.Rng;

    public FuzzCase Next(int index)
    {
        if (text.Chance(0.08)) return Raw(index);

        var activity = Valid(index);
        var kinds = new List<string>();
        for (var i = 1 + Rng.Next(4); i > 0; i--) kinds.Add(Mutate(activity));
        var json = text.Serialize(activity);
        var contentType = text.Chance(0.97) ? "application/json" + (text.Chance(0.3) ? "; charset=utf-8" : "") : text.OddContentType();
        return new FuzzCase(index, "activity:" + string.Join(",", kinds), "/api/messages", Encoding.UTF8.GetBytes(json), contentType, []);
    }

    private FuzzCase Raw(int index)
    {
        var valid = text.Serialize(Valid(index));
        var body = text.RawBody(valid);
        var contentType = text.Chance(0.6) ? "application/json" : text.Chance(0.8) ? text.OddContentType() : null;
        // A valid activity with a wrong content type, too: the type alone must be refused.
        if (text.Chance(0.2)) body = Encoding.UTF8.GetBytes(valid);
        return new FuzzCase(index, "raw", "/api/messages", body, contentType, []);
    }

    private JObject Valid(int index) => new()
    {
        ["type"] = "message",
        ["id"] = $"fz-activity-{index}",
        ["channelId"] = text.Chance(0.9) ? "msteams" : text.Pick(["slack", "webchat", "emulator", "directline", text.Next()]),
        ["serviceUrl"] = serviceUrl,
        ["deliveryMode"] = text.Chance(0.6) ? "expectReplies" : "normal",
        ["timestamp"] = "2030-01-01T00:00:00Z",
        ["conversation"] = new JObject { ["id"] = NewId("fz-conv-"), ["tenantId"] = NewId("fz-tenant-"), ["conversationType"] = "personal" },
        ["from"] = new JObject { ["id"] = NewId("fz-user-"), ["name"] = text.Chance(0.8) ? "Fuzz User" : text.Next(), ["aadObjectId"] = NewId("fz-aad-") },
        ["recipient"] = new JObject { ["id"] = "bot", ["name"] = "PmOpsBot" },
        ["text"] = text.Next(),
    };

    /// <summary>A random id that is not one of the witness's (the fuzz must only ever touch its own conversations).</summary>
    private string NewId(string prefix)
    {
        while (true)
        {
            var id = text.Id(prefix);
            if (!reservedIds.Contains(id)) return id;
        }
    }

    private string Mutate(JObject activity)
    {
        switch (Rng.Next(17))
        {
            case 0:
                activity["type"] = text.Chance(0.75) ? text.Pick(KnownTypes) : text.Chance(0.5) ? text.Pick(["", " message", "MESSAGE", "Message", "message\0", "null"]) + "" : text.Next();
                if (activity["type"]!.ToString() == "invoke" && text.Chance(0.7)) activity["name"] = text.Pick(InvokeNames);
                return "type";
            case 1:
                activity["type"] = text.WrongType();
                return "type-wrong";
            case 2:
                Remove(activity, text.Pick(Paths));
                return "remove";
            case 3:
                Set(activity, text.Pick(Paths), text.WrongType());
                return "wrong-type";
            case 4:
                activity["text"] = text.Chance(0.3) ? text.Long() : text.Next();
                return "text";
            case 5:
                activity["value"] = ButtonValue();
                if (text.Chance(0.7)) activity.Remove("text");
                return "value";
            case 6:
                activity["entities"] = Entities(activity);
                return "entities";
            case 7:
                activity["channelData"] = text.Rng.Next(4) switch
                {
                    0 => new JObject { ["tenant"] = new JObject { ["id"] = NewId("fz-t-") }, ["team"] = new JObject { ["id"] = NewId("fz-team-") } },
                    1 => new JObject { ["tenant"] = text.WrongType(), ["team"] = text.WrongType(), ["channel"] = text.WrongType() },
                    2 => new JObject { ["blocks"] = text.Value(), ["text"] = text.Value() },
                    _ => text.Value(),
                };
                return "channelData";
            case 8:
                var conversation = activity["conversation"] as JObject ?? [];
                activity["conversation"] = conversation;
                conversation["isGroup"] = text.Chance(0.7) ? true : text.WrongType();
                conversation["conversationType"] = text.Pick(["channel", "groupChat", "personal", text.Next()]);
                if (text.Chance(0.6))
                {
                    activity["entities"] = new JArray(new JObject { ["type"] = "mention", ["mentioned"] = new JObject { ["id"] = "bot", ["name"] = "PmOpsBot" }, ["text"] = "<at>PmOpsBot</at>" });
                    activity["text"] = "<at>PmOpsBot</at> " + text.Next();
                }

                return "group";
            case 9:
                activity["localTimezone"] = text.Chance(0.5) ? text.Pick(["Europe/London", "America/New_York", "Mars/Olympus_Mons", "UTC", "GMT+25", "Etc/GMT-14", "../../etc/localtime", ""]) : text.Next();
                return "timezone";
            case 10:
                activity["type"] = text.Pick(["conversationUpdate", "installationUpdate", "message"]);
                activity[text.Pick(["membersAdded", "membersRemoved"])] = new JArray(Enumerable.Range(0, Rng.Next(4)).Select(_ => text.Chance(0.8)
                    ? new JObject { ["id"] = text.Chance(0.4) ? "bot" : NewId("fz-member-"), ["name"] = text.Next() }
                    : text.Value()));
                if (text.Chance(0.3)) activity["action"] = text.Pick(["add", "remove", "add-upgrade", text.Next()]);
                return "members";
            case 11:
                activity["type"] = "invoke";
                activity["name"] = text.Chance(0.8) ? text.Pick(InvokeNames) : text.Next();
                activity["value"] = text.Chance(0.5) ? new JObject { ["action"] = new JObject { ["type"] = "Action.Execute", ["verb"] = text.Next(), ["data"] = ButtonValue() } } : text.Value();
                return "invoke";
            case 12:
                Set(activity, text.Pick(["value", "channelData", "entities", "attachments", "conversation", "from", "text"]), FuzzText.DeepMarker);
                return "deep";
            case 13:
                activity["serviceUrl"] = text.Pick(["", "not a url", "http://127.0.0.1:1/", "ftp://127.0.0.1/", "file:///etc/passwd", "http://[::1", serviceUrl + text.Next(), "/relative"]);
                return "serviceUrl";
            case 14:
                activity["deliveryMode"] = text.Pick(["expectReplies", "normal", "notification", "ephemeral", "", "EXPECTREPLIES", text.Next()]);
                return "deliveryMode";
            case 15:
                activity[text.Next()] = text.Value();
                return "extra";
            default:
                Set(activity, text.Pick(["conversation.id", "conversation.tenantId", "from.id", "from.aadObjectId", "from.name", "id", "replyToId", "locale"]), NewId(""));
                return "ids";
        }
    }

    /// <summary>What a card's Action.Submit sends back: known or unknown actions, choices, steps, initiative ids and input fields, of any type.</summary>
    private JToken ButtonValue()
    {
        if (text.Chance(0.1)) return text.Value();
        var value = new JObject();
        if (text.Chance(0.9)) value["action"] = text.Chance(0.7) ? text.Pick(CardSubmission.KnownActions.Order(StringComparer.Ordinal).ToList()) : text.Chance(0.5) ? text.Next() : text.WrongType();
        if (text.Chance(0.6)) value["choice"] = text.Chance(0.7) ? text.Pick(["a", "b", "c", "d", "yes", "no", "later", "0", "-1", "99"]) : text.Chance(0.5) ? text.Next() : text.WrongType();
        if (text.Chance(0.5)) value["step"] = text.Chance(0.6) ? text.Pick(["q1", "q2", "objective", "confirm", "1", "12", "13"]) : text.Chance(0.5) ? text.Next() : text.WrongType();
        if (text.Chance(0.3)) value["initiative"] = text.Chance(0.5) ? text.Guid().ToString(text.Pick(["D", "N", "B"])) : text.Chance(0.5) ? text.Next() : text.WrongType();
        foreach (var field in CardSubmission.InputFields)
        {
            if (text.Chance(0.15)) value[field] = text.Chance(0.6) ? text.Pick(["2030-01-01", "tomorrow", "", "Ann Lee", "@Ann", text.Next(), new string('9', 201)]) : text.WrongType();
        }

        return value;
    }

    private JToken Entities(JObject activity)
    {
        if (text.Chance(0.1)) return text.Value();
        var entities = new JArray();
        for (var i = Rng.Next(4); i >= 0; i--)
        {
            entities.Add(Rng.Next(7) switch
            {
                0 => new JObject { ["type"] = "mention", ["mentioned"] = new JObject { ["id"] = text.Chance(0.5) ? "bot" : NewId("fz-m-"), ["name"] = text.Next() }, ["text"] = "<at>" + text.Next() + "</at>" },
                1 => new JObject { ["type"] = "mention", ["mentioned"] = text.WrongType(), ["text"] = text.Value() },
                2 => new JObject { ["type"] = "mention" },
                3 => new JObject { ["type"] = "clientInfo", ["timezone"] = text.Chance(0.5) ? text.Next() : text.WrongType(), ["locale"] = text.Value() },
                4 => new JObject { ["type"] = text.Chance(0.5) ? text.Next() : text.WrongType(), [text.Next()] = text.Value() },
                5 => text.WrongType(),
                _ => new JObject { ["type"] = "mention", ["mentioned"] = new JObject { ["id"] = text.WrongType(), ["aadObjectId"] = text.WrongType() } },
            });
        }

        if (text.Chance(0.5)) activity["text"] = "<at>" + text.Next() + "</at> " + activity["text"];
        return entities;
    }

    private static void Remove(JObject activity, string path)
    {
        var parts = path.Split('.');
        var parent = parts.Length == 1 ? activity : activity[parts[0]] as JObject;
        parent?.Remove(parts[^1]);
    }

    private static void Set(JObject activity, string path, JToken value)
    {
        var parts = path.Split('.');
        if (parts.Length == 1)
        {
            activity[parts[0]] = value;
            return;
        }

        if (activity[parts[0]] is not JObject parent)
        {
            parent = [];
            activity[parts[0]] = parent;
        }

        parent[parts[1]] = value;
    }
}
