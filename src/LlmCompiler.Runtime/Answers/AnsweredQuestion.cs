namespace LlmCompiler.Runtime;

/// <summary>An answer given to a parked run (<c>app answer … --run-file</c>), kept in its run file until <c>--resume</c> takes it.</summary>
/// <param name="Question">The question: <c>workflow.step</c>, or <c>workflow.step[index]</c> for a foreach item.</param>
/// <param name="Value">The answer, already checked against the step's options or schema.</param>
/// <param name="Record">Who gave it, when and through which channel.</param>
public sealed record AnsweredQuestion(string Question, string Value, AnswerRecord Record);

/// <summary>A question a parked run waits for (status <c>waiting</c>), as its run file lists it.</summary>
/// <param name="Question">The question: <c>workflow.step</c>, or <c>workflow.step[index]</c> for a foreach item.</param>
/// <param name="Prompt">The rendered prompt (Markdown).</param>
/// <param name="Options">The answers to choose from; empty for a schema or free text.</param>
/// <param name="Schema">The JSON Schema a structured answer must satisfy, or <see langword="null"/>.</param>
/// <param name="Default">The answer the step's timeout would take, or <see langword="null"/>.</param>
/// <param name="Command">The exact command that answers it.</param>
public sealed record PendingQuestion(string Question, string Prompt, IReadOnlyList<string> Options, string? Schema, string? Default, string Command);
