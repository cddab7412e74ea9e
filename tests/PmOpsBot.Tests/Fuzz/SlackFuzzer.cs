using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;
using PmOpsBot.Slack.BlockKit;
using PmOpsBot.Slack.Inbound;
using PmOpsBot.Slack.Tests.WebApi;
using PmOpsBot.Tests.Slack;

namespace PmOpsBot.Tests.Fuzz;

/// <summary>
/// Slack requests for /api/slack/*: Events API callbacks with random event types and fields of any type, block_actions
/// payloads with odd actions, state and button values, and slash commands with odd fields and long text. Almost
/// all are signed with the app's secret so they get past verification into parsing; some are not, or are
/// signed wrongly, or are garbled after signing. Response URLs only ever point at the fake Slack (or nowhere).
/// </summary>
public sealed class SlackFuzzer(FuzzText text, FakeSlackWebApi api, IReadOnlySet<string> reservedIds)
{
    private static readonly string[] EventTypes =
    [
        "message", "app_mention", "app_home_opened", "member_joined_channel", "reaction_added", "channel_created", "team_join", "app_uninstalled",
        "tokens_revoked", "message.channels", "link_shared", "user_change",
    ];

    private static readonly string[] Subtypes = ["bot_message", "message_changed", "message_deleted", "channel_join", "thread_broadcast", "file_share", "me_message"];

    private Random Rng => text.Rng;

    public FuzzCase Next(int index)
    {
        var roll = Rng.Next(100);
        var (kind, path, body, contentType) = roll switch
        {
            < 45 => ("event", "/api/slack/events", Event(index), "application/json"),
            < 75 => ("interaction", "/api/slack/interactions", Interaction(), "application/x-www-form-urlencoded"),
            _ => ("command", "/api/slack/commands", Command(), "application/x-www-form-urlencoded"),
        };

        if (text.Chance(0.03)) contentType = text.OddContentType();
        if (text.Chance(0.02)) body = text.RawBody(Encoding.UTF8.GetString(body));
        if (text.Chance(0.08)) return Unsigned(index, kind, path, body, contentType);
        return new FuzzCase(index, "slack-" + kind, path, body, contentType, Sign(body, DateTimeOffset.UtcNow, SlackWorkspace.SigningSecret));
    }

    private static List<KeyValuePair<string, string>> Sign(byte[] body, DateTimeOffset at, string secret)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return
        [
            new(SlackSignature.TimestampHeader, timestamp),
            new(SlackSignature.SignatureHeader, SlackSignature.Sign(secret, timestamp, body)),
        ];
    }

    private FuzzCase Unsigned(int index, string kind, string path, byte[] body, string contentType)
    {
        var now = DateTimeOffset.UtcNow;
        List<KeyValuePair<string, string>> headers;
        var how = Rng.Next(9);
        switch (how)
        {
            case 0: headers = []; break;
            case 1: headers = Sign(body, now, "wrong-secret"); break;
            case 2: headers = Sign(body, now.AddHours(-1), SlackWorkspace.SigningSecret); break;
            case 3: headers = Sign(body, now.AddDays(400), SlackWorkspace.SigningSecret); break;
            case 4:
                headers = Sign(body, now, SlackWorkspace.SigningSecret);
                body = [.. body, (byte)' ']; // changed after signing
                break;
            case 5: headers = [new(SlackSignature.TimestampHeader, text.Pick(["", "abc", "-1", "99999999999999999999", "1e9", " 1 "])), new(SlackSignature.SignatureHeader, "v0=00")]; break;
            case 6: headers = [new(SlackSignature.TimestampHeader, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)), new(SlackSignature.SignatureHeader, text.Pick(["", "v0=", "v1=abc", "v0=zz", "v0=" + new string('a', 64), "v0=" + new string('0', 10_000), text.Next()]))]; break;
            case 7:
                headers = Sign(body, now, SlackWorkspace.SigningSecret);
                headers.AddRange(Sign(body, now, "second-secret")); // the headers twice
                break;
            default:
                headers = Sign(body, now, SlackWorkspace.SigningSecret);
                headers.RemoveAt(text.Rng.Next(2));
                break;
        }

        return new FuzzCase(index, $"slack-{kind}-unsigned{how}", path, body, contentType, headers);
    }

    private string User() => text.Rng.Next(10) switch
    {
        < 5 => "UFZ" + Rng.Next(100_000).ToString(CultureInfo.InvariantCulture),
        5 => text.Pick(["U0ANN", "U0BOB", FakeSlackWebApi.BotUserId, "W0FZ"]),
        _ => NewId("U"),
    };

    private string Channel() => text.Rng.Next(10) switch
    {
        < 4 => "DFZ" + Rng.Next(100_000).ToString(CultureInfo.InvariantCulture),
        < 7 => "CFZ" + Rng.Next(1_000).ToString(CultureInfo.InvariantCulture),
        7 => "GFZ" + Rng.Next(100).ToString(CultureInfo.InvariantCulture),
        _ => NewId(text.Pick(["D", "C", ""])),
    };

    private string Team() => text.Chance(0.85) ? FakeSlackWebApi.TeamId : NewId("T");

    private string NewId(string prefix)
    {
        while (true)
        {
            var id = text.Id(prefix);
            if (!reservedIds.Contains(id)) return id;
        }
    }

    private string Ts() => string.Create(CultureInfo.InvariantCulture, $"1800000000.{Rng.Next(1_000_000):D6}");

    private string ResponseUrl() => text.Rng.Next(10) switch
    {
        < 7 => api.ResponseUrl("fz" + Rng.Next(1000)),
        7 => text.Pick(["", "not a url", "http://127.0.0.1:1/response", "/relative/url", "ftp://127.0.0.1/x", "http://[::1"]),
        _ => api.ResponseUrl(text.Next()),
    };

    /// <summary>A text field: usually a short command or markup, sometimes up to ~200 KB.</summary>
    private string SlackText() => text.Chance(0.08) ? text.Long(text.Pick([2_000, 20_000, 100_000, 200_000])) :
        text.Chance(0.3) ? $"<@{FakeSlackWebApi.BotUserId}> " + text.Next() : text.Next();

    private byte[] Event(int index)
    {
        var e = new JObject
        {
            ["type"] = text.Chance(0.85) ? text.Pick(EventTypes) : text.Next(),
            ["channel"] = Channel(),
            ["user"] = User(),
            ["text"] = SlackText(),
            ["ts"] = Ts(),
        };
        if (e["type"]!.ToString() == "message") e["channel_type"] = text.Chance(0.8) ? "im" : text.Pick(["channel", "group", "mpim", text.Next()]);
        if (text.Chance(0.2)) e["thread_ts"] = text.Chance(0.7) ? Ts() : text.WrongType();
        if (text.Chance(0.1)) e["subtype"] = text.Chance(0.8) ? text.Pick(Subtypes) : text.WrongType();
        if (text.Chance(0.05)) e["bot_id"] = text.Value();
        if (text.Chance(0.1)) e["inviter"] = text.Chance(0.6) ? User() : text.WrongType();
        if (text.Chance(0.05)) e["team"] = Team();
        if (text.Chance(0.1)) e["blocks"] = text.Value();
        if (text.Chance(0.05)) e["files"] = text.Value();

        var envelope = new JObject
        {
            ["token"] = "legacy-verification-token",
            ["team_id"] = Team(),
            ["api_app_id"] = "A0PMOPS",
            ["type"] = text.Chance(0.9) ? "event_callback" : text.Pick(["url_verification", "app_rate_limited", "", text.Next()]),
            ["event_id"] = text.Chance(0.9) ? $"EvFZ{index:D6}" : text.Chance(0.5) ? $"EvFZ{Rng.Next(Math.Max(1, index)):D6}" /* a repeat */ : text.Next(),
            ["event_time"] = 1_800_000_000,
            ["event"] = e,
        };
        if (envelope["type"]!.ToString() == "url_verification") envelope["challenge"] = text.Chance(0.7) ? text.Next() : text.WrongType();

        for (var i = Rng.Next(4); i > 0; i--) MutateAnywhere(envelope, e);
        return Encoding.UTF8.GetBytes(text.Serialize(envelope));
    }

    private byte[] Interaction()
    {
        var user = User();
        var channel = Channel();
        var container = new JObject { ["type"] = "message", ["message_ts"] = Ts(), ["channel_id"] = channel, ["is_ephemeral"] = text.Chance(0.3) };
        if (text.Chance(0.2)) container["thread_ts"] = Ts();
        var payload = new JObject
        {
            ["type"] = text.Chance(0.85) ? "block_actions" : text.Pick(["view_submission", "view_closed", "shortcut", "message_action", "block_suggestion", text.Next()]),
            ["user"] = new JObject { ["id"] = user, ["username"] = "fuzz", ["team_id"] = FakeSlackWebApi.TeamId },
            ["team"] = new JObject { ["id"] = Team(), ["domain"] = "acme" },
            ["api_app_id"] = "A0PMOPS",
            ["container"] = container,
            ["channel"] = new JObject { ["id"] = channel },
            ["trigger_id"] = "1.2.3",
            ["response_url"] = ResponseUrl(),
            ["actions"] = Actions(),
            ["state"] = new JObject { ["values"] = StateValues() },
        };
        if (text.Chance(0.2)) payload["message"] = new JObject { ["ts"] = text.Chance(0.7) ? Ts() : text.WrongType(), ["thread_ts"] = text.Chance(0.5) ? Ts() : text.WrongType() };

        for (var i = Rng.Next(4); i > 0; i--) MutateAnywhere(payload, container);
        var json = text.Serialize(payload);
        var form = new List<KeyValuePair<string, string>>();
        if (text.Chance(0.95)) form.Add(new("payload", text.Chance(0.97) ? json : text.Next()));
        if (text.Chance(0.05)) form.Add(new("payload", text.Serialize(text.Object())));
        if (text.Chance(0.05)) form.Add(new(text.Next(), text.Next()));
        return Encoding.UTF8.GetBytes(FormBody(form));
    }

    private JToken Actions()
    {
        if (text.Chance(0.1)) return text.Value();
        var actions = new JArray();
        for (var i = Rng.Next(3); i >= 0; i--)
        {
            if (text.Chance(0.1))
            {
                actions.Add(text.Value());
                continue;
            }

            var action = new JObject
            {
                ["type"] = text.Chance(0.8) ? "button" : text.Pick(["datepicker", "static_select", "users_select", "plain_text_input", text.Next()]),
                ["action_id"] = text.Chance(0.8) ? text.Pick(["answer", "confirm", "new", "pick", "a1", "x"]) : text.Next(),
                ["block_id"] = "b",
                ["text"] = new JObject { ["type"] = "plain_text", ["text"] = text.Next() },
                ["value"] = ButtonValueText(),
                ["action_ts"] = Ts(),
            };
            if (text.Chance(0.2)) action["value"] = text.WrongType();
            if (text.Chance(0.05)) action.Remove("value");
            actions.Add(action);
        }

        return actions;
    }

    /// <summary>A button's value as the renderer writes it (known actions, choices, steps, initiatives), or something else.</summary>
    private string ButtonValueText()
    {
        switch (Rng.Next(10))
        {
            case < 5:
                var value = new ButtonValue(
                    text.Pick(PmOpsBot.Bot.Cards.CardSubmission.KnownActions.Order(StringComparer.Ordinal).ToList()),
                    text.Chance(0.6) ? text.Pick(["a", "b", "c", "d", "yes", "no"]) : null,
                    text.Chance(0.4) ? text.Pick(["q1", "objective", "confirm", "2"]) : null,
                    text.Chance(0.3) ? text.Guid() : null);
                return value.ToJson();
            case 5:
                var odd = new JObject { ["action"] = text.Chance(0.5) ? text.Next() : text.WrongType(), ["choice"] = text.Value(), ["step"] = text.Value(), ["initiative"] = text.Value() };
                return text.Serialize(odd);
            case 6: return text.Serialize(text.Value());
            case 7: return text.Serialize(new JObject { ["action"] = "answer", ["x"] = FuzzText.DeepMarker });
            case 8: return text.Chance(0.5) ? "" : "{\"action\":\"answer\"";
            default: return text.Next();
        }
    }

    private JToken StateValues()
    {
        if (text.Chance(0.1)) return text.Value();
        var values = new JObject();
        for (var i = Rng.Next(3); i > 0; i--)
        {
            var block = new JObject();
            for (var j = Rng.Next(3); j > 0; j--)
            {
                var name = text.Chance(0.7) ? text.Pick(PmOpsBot.Bot.Cards.CardSubmission.InputFields.Concat(["action", "choice", "initiative"]).ToList()) : text.Next();
                block[name] = Rng.Next(6) switch
                {
                    0 => new JObject { ["type"] = "datepicker", ["selected_date"] = text.Chance(0.6) ? text.Pick(["2030-01-01", "2030-02-30", "", "0000-00-00"]) : text.Value() },
                    1 => new JObject { ["type"] = "users_select", ["selected_user"] = text.Chance(0.6) ? User() : text.Value() },
                    2 => new JObject { ["type"] = "static_select", ["selected_option"] = text.Chance(0.5) ? new JObject { ["value"] = text.Value() } : text.Value() },
                    3 => new JObject { ["type"] = "plain_text_input", ["value"] = text.Chance(0.7) ? text.Next() : text.Value() },
                    4 => new JObject { ["type"] = text.Value(), ["value"] = text.Value() },
                    _ => text.Value(),
                };
            }

            values[text.Chance(0.8) ? "b" + i : text.Next()] = text.Chance(0.9) ? block : text.Value();
        }

        return values;
    }

    private byte[] Command()
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("token", "legacy"), new("team_id", Team()), new("team_domain", "acme"), new("channel_id", Channel()), new("channel_name", "projects"),
            new("user_id", User()), new("user_name", "fuzz"), new("command", text.Chance(0.9) ? "/pmops" : text.Next()), new("text", SlackText()),
            new("response_url", ResponseUrl()), new("trigger_id", "1.2.3"), new("api_app_id", "A0PMOPS"),
        };
        for (var i = Rng.Next(3); i > 0; i--)
        {
            switch (Rng.Next(4))
            {
                case 0: form.RemoveAt(Rng.Next(form.Count)); break;
                case 1: form.Add(new(text.Pick(["team_id", "channel_id", "user_id", "text", "response_url"]), text.Next())); break; // a field twice
                case 2: form[Rng.Next(form.Count)] = new(form[Rng.Next(form.Count)].Key, text.Next()); break;
                default: form.Add(new(text.Next(), text.Next())); break;
            }
        }

        var body = FormBody(form);
        if (text.Chance(0.05)) body += text.Pick(["&", "&&==", "%", "%zz", "%C3%28", "=x", "&text=%FF%FE", "&;"]);
        return Encoding.UTF8.GetBytes(body);
    }

    /// <summary>Replaces, removes or re-types a field of the payload or of its inner object.</summary>
    private void MutateAnywhere(JObject outer, JObject inner)
    {
        var target = text.Chance(0.5) ? outer : inner;
        var names = target.Properties().Select(p => p.Name).ToList();
        if (names.Count == 0) return;
        var name = text.Pick(names);
        switch (Rng.Next(4))
        {
            case 0: target.Remove(name); break;
            case 1: target[name] = text.WrongType(); break;
            case 2: target[name] = text.Next(); break;
            default: target[name] = text.Chance(0.3) ? FuzzText.DeepMarker : text.Value(); break;
        }
    }

    private static string FormBody(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join("&", fields.Select(f => $"{Escape(f.Key)}={Escape(f.Value)}"));

    /// <summary>Uri.EscapeDataString refuses lone surrogates: those are sent as percent-encoded replacement bytes.</summary>
    private static string Escape(string value)
    {
        try
        {
            return Uri.EscapeDataString(value);
        }
        catch (UriFormatException)
        {
            return string.Concat(Encoding.UTF8.GetBytes(value).Select(b => $"%{b:X2}"));
        }
    }
}
