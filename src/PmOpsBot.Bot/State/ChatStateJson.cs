using System.Text.Json.Serialization;

namespace PmOpsBot.Bot.State;

/// <summary>
/// System.Text.Json's generated code for the conversation state, so a storage can read and write it without reflection.
/// Names as declared, enums as numbers and nulls written: the shape Newtonsoft gives the same objects.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ChatStateDocument))]
public sealed partial class ChatStateJson : JsonSerializerContext;
