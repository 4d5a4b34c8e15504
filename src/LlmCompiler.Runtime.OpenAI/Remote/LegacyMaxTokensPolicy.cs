using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LlmCompiler.Runtime.Remote;

/// <summary>Copies <c>max_completion_tokens</c> into <c>max_tokens</c> in requests to servers other than OpenAI's.</summary>
/// <remarks>
/// The OpenAI SDK only sends <c>max_completion_tokens</c>, but Ollama and LM Studio only read the older
/// <c>max_tokens</c> and silently ignore the new name, so a step's limit would not apply there. OpenAI's own
/// endpoints reject <c>max_tokens</c> for reasoning models, so they get the body unchanged.
/// </remarks>
internal sealed class LegacyMaxTokensPolicy : PipelinePolicy
{
    public static bool AppliesTo(Uri baseUrl) =>
        !baseUrl.Host.Equals("api.openai.com", StringComparison.OrdinalIgnoreCase)
        && !baseUrl.Host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase);

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Rewrite(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Rewrite(message);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    private static void Rewrite(PipelineMessage message)
    {
        if (message.Request.Content is not { } content)
        {
            return;
        }

        using var buffer = new MemoryStream();
        content.WriteTo(buffer);
        if (WithMaxTokens(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is { } rewritten)
        {
            message.Request.Content = BinaryContent.Create(BinaryData.FromBytes(rewritten));
        }
    }

    /// <summary>The body with <c>"max_tokens":N,</c> spliced in after the opening brace, or <see langword="null"/> to leave it be.</summary>
    internal static byte[]? WithMaxTokens(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        long? limit = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("max_tokens"u8))
            {
                return null;
            }

            var isLimit = reader.ValueTextEquals("max_completion_tokens"u8);
            reader.Read();
            if (isLimit && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
            {
                limit = value;
            }

            reader.Skip();
        }

        if (limit is null)
        {
            return null;
        }

        var brace = body.IndexOf((byte)'{');
        var field = Encoding.UTF8.GetBytes("\"max_tokens\":" + limit.Value.ToString(CultureInfo.InvariantCulture) + ",");
        var result = new byte[body.Length + field.Length];
        body[..(brace + 1)].CopyTo(result);
        field.CopyTo(result.AsSpan(brace + 1));
        body[(brace + 1)..].CopyTo(result.AsSpan(brace + 1 + field.Length));
        return result;
    }
}
