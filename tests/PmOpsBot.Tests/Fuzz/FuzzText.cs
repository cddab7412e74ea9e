using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PmOpsBot.Tests.Fuzz;

/// <summary>
/// Random strings and JSON values from one seeded <see cref="Random"/>: the bot's own commands, unicode that
/// tends to break things (RTL, emoji, combining marks, NUL, lone surrogates), Teams and Slack markup, and very
/// long strings built by repeating any of those. Everything is drawn from the one generator, so a seed
/// gives the same inputs every run.
/// </summary>
public sealed class FuzzText(Random rng)
{
    /// <summary>Where a deeply nested JSON text is spliced in after serialisation (building it as a JToken would recurse).</summary>
    public const string DeepMarker = "\u0001DEEP-JSON\u0001";

    public static readonly string[] Commands =
    [
        "new initiative", "help", "status", "cancel", "restart", "back", "skip", "yes", "no", "a", "b", "c", "d", "career", "career fit",
        "handover Office move", "digest", "digest daily at 9", "digest weekly on monday at 10:00", "digest off", "who owns the office move?",
        "my initiatives", "set the ops owner of Office move to @Ann Lee", "Office move launches on 2030-01-01", "snooze today",
        "I'm away until Friday", "I'm back", "status history of Office move", "improvement for Office move: faster", "what's due this week",
        "initiatives without an ops owner", "hello", "thanks", "Relocate the Leeds office to the new building by June", "2030-02-30", "31/31/2031",
    ];

    public static readonly string[] Unicode =
    [
        "مرحبا بالعالم", "שלום עולם", "\u202Eevil\u202C", "\u200F\u200E\u061C", "👩‍👩‍👧‍👦🚀🔥", "🏳️‍🌈", "e\u0301\u0301\u0301\u0301\u0301",
        "Z\u0334\u0321\u0322\u031B\u0317\u0318\u0319\u031C\u031D\u031E\u031F\u0320\u0300\u0301\u0302\u0303", "\0", "a\0b", "\uD800", "\uDFFF", "x\uD83D", "\uDE00y",
        "\uFEFF", "\u200B\u200C\u200D", "\u2028\u2029", "\t\r\n", "ＦＵＬＬＷＩＤＴＨ", "İıſK", "中文測試", "\u0001\u001F\u007F\u0085", "\\", "\"", "'",
        "'; DROP TABLE initiatives; --", "%s%n%x", "{0}{1}", "${jndi:ldap://127.0.0.1/x}", "../../etc/passwd", "\uFFFF\uFFFE", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    ];

    public static readonly string[] Markup =
    [
        "<at>PmOpsBot</at>", "<at>", "</at>", "<at>Ann Lee</at>", "<@UBOTPMOPS>", "<@U0ANN|ann>", "<@W123ABC>", "<@U", "<#C0PROJ|projects>", "<!here>",
        "<!subteam^S1|@team>", "<http://example.invalid|link>", "<", ">", "|", "@", "&lt;", "&amp;", "&gt;", "*bold*", "`code`", "```block```", "<!date^1|x>",
    ];

    public Random Rng => rng;

    public T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    public bool Chance(double p) => rng.NextDouble() < p;

    /// <summary>A short-to-medium string of any kind; long ones only now and then.</summary>
    public string Next() => rng.Next(100) switch
    {
        < 25 => Pick(Commands),
        < 42 => Pick(Unicode),
        < 52 => string.Concat(Enumerable.Range(0, 1 + rng.Next(6)).Select(_ => Pick(Markup) + (Chance(0.5) ? " " : ""))),
        < 62 => RandomChars(1 + rng.Next(60)),
        < 65 => Long(),
        < 72 => Pick(["", " ", "   \t\n ", "\u00A0"]),
        < 80 => Pick(Commands) + Pick(Unicode) + Pick(Markup),
        _ => string.Concat(Enumerable.Range(0, 1 + rng.Next(5)).Select(_ => Piece())),
    };

    /// <summary>A string of 1 KB to 200 KB: one piece (command, unicode, markup or random characters) repeated, sometimes with variations.</summary>
    public string Long(int? length = null)
    {
        var target = length ?? Pick([1_000, 5_000, 20_000, 60_000, 120_000, 200_000]);
        var unit = rng.Next(4) switch
        {
            0 => Pick(Markup),
            1 => Pick(Unicode),
            2 => Piece(),
            _ => RandomChars(1 + rng.Next(8)),
        };
        if (unit.Length == 0) unit = "x";
        var builder = new StringBuilder(target + unit.Length);
        var varied = Chance(0.3);
        while (builder.Length < target) builder.Append(varied && Chance(0.1) ? Piece() : unit);
        return builder.ToString();
    }

    /// <summary>Characters from anywhere in the BMP (surrogates and controls included) or from printable ASCII.</summary>
    public string RandomChars(int length)
    {
        var chars = new char[length];
        var ascii = Chance(0.5);
        for (var i = 0; i < length; i++) chars[i] = ascii ? (char)rng.Next(0x20, 0x7F) : (char)rng.Next(0, 0x10000);
        return new string(chars);
    }

    /// <summary>An id such as a channel would send, but random: plain, unicode, long or empty.</summary>
    public string Id(string prefix) => rng.Next(10) switch
    {
        < 6 => prefix + rng.Next(1_000_000).ToString(CultureInfo.InvariantCulture),
        6 => prefix + Pick(Unicode),
        7 => prefix + RandomChars(1 + rng.Next(30)),
        8 => prefix + new string('x', Pick([300, 5_000, 50_000])),
        _ => Pick(["", " ", "/", "../..", "%00", "a/users/b", "19:abc@thread.tacv2;messageid=1"]),
    };

    /// <summary>Any JSON value, of any type, nested a little.</summary>
    public JToken Value(int depth = 0) => rng.Next(depth >= 3 ? 9 : 12) switch
    {
        0 or 1 => new JValue(Next()),
        2 => new JValue(rng.Next(int.MinValue, int.MaxValue)),
        3 => new JValue(Pick([0.5, -1e308, 1e308, double.Epsilon, -0.0])),
        4 => new JValue(Chance(0.5)),
        5 => JValue.CreateNull(),
        6 => new JValue(Pick([long.MinValue, long.MaxValue, 0L])),
        7 => new JValue(Pick(["2024-01-01T00:00:00Z", "0001-01-01", "9999-12-31T23:59:59.9999999+14:00", "not-a-date", "1e400"])),
        8 => new JValue(Guid().ToString()),
        9 or 10 => new JArray(Enumerable.Range(0, rng.Next(4)).Select(_ => Value(depth + 1))),
        _ => Object(depth + 1),
    };

    /// <summary>A GUID drawn from the seeded generator (Guid.NewGuid would differ between runs).</summary>
    public Guid Guid()
    {
        var bytes = new byte[16];
        rng.NextBytes(bytes);
        return new Guid(bytes);
    }

    /// <summary>A value that is not a string (where the reader expects one).</summary>
    public JToken WrongType(int depth = 0) => rng.Next(6) switch
    {
        0 => new JValue(rng.Next()),
        1 => new JValue(Chance(0.5)),
        2 => new JArray(Value(depth + 1), Value(depth + 1)),
        3 => Object(depth + 1),
        4 => JValue.CreateNull(),
        _ => new JValue(rng.NextDouble() * 1e6),
    };

    public JObject Object(int depth = 0)
    {
        var result = new JObject();
        for (var i = rng.Next(5); i > 0; i--) result[Chance(0.7) ? Pick(["id", "type", "text", "value", "name", "action", "user", "channel", "ts"]) : Next()] = Value(depth + 1);
        return result;
    }

    /// <summary>Arrays and objects nested <paramref name="depth"/> deep, as text.</summary>
    public string DeepJson(int depth)
    {
        var builder = new StringBuilder(depth * 8);
        var closers = new Stack<char>();
        for (var i = 0; i < depth; i++)
        {
            if (Chance(0.5))
            {
                builder.Append("{\"a\":");
                closers.Push('}');
            }
            else
            {
                builder.Append('[');
                closers.Push(']');
            }
        }

        builder.Append("\"leaf\"");
        while (closers.Count > 0) builder.Append(closers.Pop());
        return builder.ToString();
    }

    public int DeepDepth() => Pick([8, 30, 60, 62, 63, 64, 65, 66, 100, 1_000, 20_000]);

    /// <summary>
    /// JSON text for <paramref name="token"/>: usually as is, sometimes with every non-ASCII character escaped (so lone
    /// surrogates arrive as \uD800 rather than as U+FFFD), and with any <see cref="DeepMarker"/> replaced by deep JSON.
    /// </summary>
    public string Serialize(JToken token)
    {
        var settings = new JsonSerializerSettings
        {
            StringEscapeHandling = Chance(0.3) ? StringEscapeHandling.EscapeNonAscii : StringEscapeHandling.Default,
            Formatting = Chance(0.2) ? Formatting.Indented : Formatting.None,
        };
        var json = JsonConvert.SerializeObject(token, settings);
        var marker = JsonConvert.SerializeObject(DeepMarker, settings);
        while (json.Contains(marker, StringComparison.Ordinal))
        {
            var at = json.IndexOf(marker, StringComparison.Ordinal);
            json = string.Concat(json.AsSpan(0, at), DeepJson(DeepDepth()), json.AsSpan(at + marker.Length));
        }

        return json;
    }

    /// <summary>Bodies that are not JSON objects, or not even text.</summary>
    public byte[] RawBody(string validJson)
    {
        switch (rng.Next(14))
        {
            case 0: return [];
            case 1: return Encoding.UTF8.GetBytes(Pick(["null", "true", "0", "[]", "[{}]", "\"message\"", "{}", "{\"type\":null}", "{\"type\":5}", "NaN"]));
            case 2: return Encoding.UTF8.GetBytes(validJson[..rng.Next(Math.Max(1, validJson.Length))]);
            case 3: return Encoding.UTF8.GetBytes(validJson + Pick(["}", "]", ",", "garbage", "\0", "{}"]));
            case 4:
                var bytes = new byte[1 + rng.Next(2_000)];
                rng.NextBytes(bytes);
                return bytes;
            case 5: return [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(validJson)];
            case 6: return [.. Encoding.UTF8.GetBytes(validJson[..(validJson.Length / 2)]), 0xC3, 0x28, 0xFF, 0xFE, .. Encoding.UTF8.GetBytes(validJson[(validJson.Length / 2)..])];
            case 7: return Encoding.Unicode.GetBytes(validJson);
            case 8: return Encoding.UTF8.GetBytes("<activity><type>message</type></activity>");
            case 9: return Encoding.UTF8.GetBytes("type=message&text=hello&payload=%7B%7D");
            case 10: return Encoding.UTF8.GetBytes(DeepJson(DeepDepth()));
            case 11: return Encoding.UTF8.GetBytes("{\"type\":\"message\",\"type\":\"invoke\",\"type\":[]}");
            case 12: return Encoding.UTF8.GetBytes("{\"type\":\"message\", /* comment */ \"text\":'single quoted', trailing:1,}");
            default: return Encoding.UTF8.GetBytes(Next());
        }
    }

    public string OddContentType() => Pick(
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", "json",
        "application/json; charset=utf-16", "application/json; charset=nonsense", "application/json;;;", "APPLICATION/JSON", " application/json ",
        "application/json; charset=\"", "*/*", "", "application/json, text/plain", "application/vnd.api+json",
    ]);

    private string Piece() => rng.Next(4) switch
    {
        0 => Pick(Commands),
        1 => Pick(Unicode),
        2 => Pick(Markup),
        _ => RandomChars(1 + rng.Next(10)),
    };
}
