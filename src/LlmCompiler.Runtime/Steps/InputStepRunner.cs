using LlmCompiler.Runtime.Answers;
using LlmCompiler.Runtime.Core;

namespace LlmCompiler.Runtime.Steps;

/// <summary>Runs input steps: renders the question and takes its answer from the run's channels (<see cref="RunAnswers"/>).</summary>
internal sealed class InputStepRunner(RunAnswers answers) : IStepRunner
{
    public bool Runs(WorkflowStep step) => step is InputStep;

    public async Task<StepOutcome> RunAsync(StepAttempt attempt, CancellationToken cancellationToken)
    {
        var step = (InputStep)attempt.Step;
        var question = new Question(attempt.Workflow, step, attempt.Item, step.Prompt(attempt.Variables));
        var (output, record) = await answers.AskAsync(question, cancellationToken).ConfigureAwait(false);
        return new StepOutcome(output) { Answer = record };
    }
}
