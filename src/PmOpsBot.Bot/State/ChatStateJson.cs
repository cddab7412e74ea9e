using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PmOpsBot.Bot.State;

/// <summary>
/// System.Text.Json's generated code for the conversation state, so a storage can read and write it without reflection.
/// Names as declared, enums as numbers and nulls written: the shape Newtonsoft gives the same objects.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ChatStateDocument))]
public sealed partial class ChatStateJson : JsonSerializerContext
{
    /// <summary>
    /// For storing the state: text such as “quotes” and accented letters written as it is, as Newtonsoft writes it, instead
    /// of as \u escapes (which make a row bigger). The stricter default escaping guards JSON embedded in HTML; a row never is.
    /// </summary>
    public static ChatStateJson Stored { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    });
}
