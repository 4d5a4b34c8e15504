using System.ClientModel.Primitives;

namespace LlmCompiler.Runtime.Remote;

/// <summary>Removes the <c>Authorization</c> header, for keyless servers on loopback.</summary>
/// <remarks>
/// The OpenAI SDK insists on a credential (its keyless constructor is experimental), so a placeholder is given
/// and taken off here, just before the transport: a made-up bearer token would only confuse server logs.
/// </remarks>
internal sealed class OmitAuthorizationPolicy : PipelinePolicy
{
    public const string PlaceholderKey = "unused";

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        message.Request.Headers.Remove("Authorization");
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        message.Request.Headers.Remove("Authorization");
        return ProcessNextAsync(message, pipeline, currentIndex);
    }
}
