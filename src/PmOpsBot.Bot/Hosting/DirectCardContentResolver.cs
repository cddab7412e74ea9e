using System.Reflection;
using Microsoft.Bot.Schema;
using Microsoft.Rest.Serialization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace PmOpsBot.Bot.Hosting;

/// <summary>
/// The Bot Framework's contract resolver for activities (<see cref="ReadOnlyJsonContractResolver"/>, as in
/// <c>HttpHelper.BotMessageSerializerSettings</c>), except that an attachment whose content is already JSON is written as it is.
/// </summary>
/// <remarks>
/// <see cref="Attachment.Content"/> carries the Bot Framework's converter for content that may hold a MemoryStream: it walks
/// the whole content by reflection looking for one, then copies it through <c>JToken.FromObject</c> and writes the copy. Every
/// card the bot sends is a JObject, so that was a walk and a deep copy of each card on every turn: a fifth of what an interview
/// turn allocated. JSON content holds no stream, so writing it directly gives the same output; other content (typed cards,
/// streams) still goes through the Bot Framework's converter, and reading is unchanged.
/// </remarks>
public sealed class DirectCardContentResolver : ReadOnlyJsonContractResolver
{
    protected override JsonProperty CreateProperty(MemberInfo member, MemberSerialization memberSerialization)
    {
        var property = base.CreateProperty(member, memberSerialization);
        if (member.DeclaringType == typeof(Attachment) && member.Name == nameof(Attachment.Content) && property.Converter is { } frameworkConverter)
        {
            property.Converter = new JsonContentFirst(frameworkConverter);
        }

        return property;
    }

    /// <summary>Writes JSON content directly and hands everything else to the converter it wraps.</summary>
    private sealed class JsonContentFirst(JsonConverter framework) : JsonConverter
    {
        public override bool CanConvert(Type objectType) => framework.CanConvert(objectType);

        public override bool CanRead => framework.CanRead;

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
        {
            if (value is JToken json)
            {
                json.WriteTo(writer);
                return;
            }

            framework.WriteJson(writer, value, serializer);
        }

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
            framework.ReadJson(reader, objectType, existingValue, serializer);
    }
}
