using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Recording;

/// <summary>
/// What determines a model's answer to a step: the step type, the model as the step names it, the rendered messages,
/// the sampling options and the output schema. Its <see cref="Key"/> names the recording that answers it.
/// </summary>
/// <remarks>
/// The model is kept as written in the workflow (a <c>${LLMC_MODEL}</c> reference stays unexpanded), so recordings
/// made on one machine replay on another. The step's name is not part of it: two steps asking the same thing share
/// an answer.
/// </remarks>
internal sealed record ModelRequest
{
    /// <summary>Gets the step type, <c>llm</c> or <c>local_llm</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Gets the model as the step names it, or <see langword="null"/> for the backend's default.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the messages, in order, as (role, text).</summary>
    public required IReadOnlyList<(string Role, string Text)> Messages { get; init; }

    /// <summary>Gets the options that were set, by their YAML names, in a fixed order.</summary>
    public required IReadOnlyList<(string Name, JsonNode Value)> Options { get; init; }

    /// <summary>Gets the output schema as JSON, or <see langword="null"/> for text output.</summary>
    public JsonNode? Schema { get; init; }

    /// <summary>Gets the hash that names the recording: the first 16 hex digits of the SHA-256 of <see cref="ToJson"/> written compactly.</summary>
    public string Key
    {
        get
        {
            var compact = Encoding.UTF8.GetBytes(ToJson().ToJsonString());
            return Convert.ToHexString(SHA256.HashData(compact))[..16].ToLowerInvariant();
        }
    }

    /// <summary>Describes the request a step is about to send.</summary>
    /// <param name="step">The step (its type and output schema).</param>
    /// <param name="messages">The rendered messages.</param>
    /// <param name="options">The options the step sends.</param>
    public static ModelRequest Of(ModelStep step, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var set = new List<(string, JsonNode)>();
        void Add(string name, JsonNode? value)
        {
            if (value is not null)
            {
                set.Add((name, value));
            }
        }

        Add("max_tokens", options?.MaxOutputTokens);
        Add("temperature", options?.Temperature);
        Add("top_p", options?.TopP);
        Add("top_k", options?.TopK);
        Add("seed", options?.Seed);
        Add("stop", options?.StopSequences is { Count: > 0 } stop ? new JsonArray([.. stop.Select(s => JsonValue.Create(s))]) : null);
        return new ModelRequest
        {
            Type = step.Kind,
            Model = step.Model,
            Messages = [.. messages.Select(m => (m.Role.Value, m.Text))],
            Options = set,
            Schema = step.OutputSchema is { } schema ? JsonNode.Parse(schema) : null,
        };
    }

    /// <summary>Reads the <c>request</c> object of a recording file.</summary>
    /// <exception cref="JsonException">The object lacks a field or has one of the wrong kind.</exception>
    public static ModelRequest FromJson(JsonObject json)
    {
        var messages = json["messages"]?.AsArray() ?? throw new JsonException("the request has no 'messages'");
        return new ModelRequest
        {
            Type = json["type"]?.GetValue<string>() ?? throw new JsonException("the request has no 'type'"),
            Model = json["model"]?.GetValue<string>(),
            Messages = [.. messages.Select(m => (m!["role"]!.GetValue<string>(), m["text"]!.GetValue<string>()))],
            Options = json["options"] is JsonObject options ? [.. options.Select(o => (o.Key, o.Value!.DeepClone()))] : [],
            Schema = json["schema"]?.DeepClone(),
        };
    }

    /// <summary>Writes the request as the JSON object that recordings hold and the key hashes.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["type"] = Type,
            ["model"] = Model,
            ["messages"] = new JsonArray([.. Messages.Select(m => new JsonObject { ["role"] = m.Role, ["text"] = m.Text })]),
        };
        if (Options.Count > 0)
        {
            json["options"] = new JsonObject(Options.Select(o => KeyValuePair.Create(o.Name, (JsonNode?)o.Value.DeepClone())));
        }

        if (Schema is not null)
        {
            json["schema"] = Schema.DeepClone();
        }

        return json;
    }
}
