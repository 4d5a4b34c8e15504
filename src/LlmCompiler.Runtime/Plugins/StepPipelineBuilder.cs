namespace LlmCompiler.Runtime.Plugins;

/// <summary>
/// Composes step middleware, as <c>ChatClientBuilder</c> composes chat clients: the first <see cref="Use(IStepMiddleware)"/>
/// call is the outermost layer, the last one is closest to the step.
/// </summary>
/// <remarks>
/// A run builds its pipeline once, when it starts (an edition adds its middleware in
/// <see cref="IProFeatures.ConfigureSteps"/>); steps then call the built chain and never look at a registry.
/// Not thread-safe: configure it from one thread.
/// </remarks>
public sealed class StepPipelineBuilder
{
    private readonly List<IStepMiddleware> _middleware = [];

    /// <summary>Adds middleware inside the layers added so far.</summary>
    /// <param name="middleware">The middleware.</param>
    /// <returns>This builder, to chain calls.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="middleware"/> is <see langword="null"/>.</exception>
    public StepPipelineBuilder Use(IStepMiddleware middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        _middleware.Add(middleware);
        return this;
    }

    /// <summary>Adds middleware given as a function, inside the layers added so far.</summary>
    /// <param name="middleware">Runs around each step: the step's context, the rest of the pipeline, the cancellation token.</param>
    /// <returns>This builder, to chain calls.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="middleware"/> is <see langword="null"/>.</exception>
    public StepPipelineBuilder Use(Func<StepContext, StepHandler, CancellationToken, ValueTask<string>> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        return Use(new FunctionStepMiddleware(middleware));
    }

    /// <summary>Composes the middleware added so far into one, or returns <see langword="null"/> when there is none.</summary>
    internal IStepMiddleware? Build()
    {
        if (_middleware.Count == 0)
        {
            return null;
        }

        var composed = _middleware[^1];
        for (var i = _middleware.Count - 2; i >= 0; i--)
        {
            composed = new LayeredStepMiddleware(_middleware[i], composed);
        }

        return composed;
    }

    /// <summary>Two layers: <paramref name="outer"/> runs around <paramref name="inner"/>.</summary>
    private sealed class LayeredStepMiddleware(IStepMiddleware outer, IStepMiddleware inner) : IStepMiddleware
    {
        public ValueTask<string> InvokeAsync(StepContext context, StepHandler next, CancellationToken cancellationToken) =>
            outer.InvokeAsync(context, token => inner.InvokeAsync(context, next, token), cancellationToken);
    }

    private sealed class FunctionStepMiddleware(Func<StepContext, StepHandler, CancellationToken, ValueTask<string>> function) : IStepMiddleware
    {
        public ValueTask<string> InvokeAsync(StepContext context, StepHandler next, CancellationToken cancellationToken) =>
            function(context, next, cancellationToken);
    }
}
