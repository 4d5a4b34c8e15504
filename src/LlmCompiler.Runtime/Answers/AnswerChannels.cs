namespace LlmCompiler.Runtime.Answers;

/// <summary>What a generated program tells its run about answering: where its run file is, how it is invoked, and whether a question parks the run.</summary>
/// <param name="RunFile">The run file's full path; the command-line channel's socket is named after it.</param>
/// <param name="Program">The program's name, for the <c>app answer</c> command the waiting line prints.</param>
/// <param name="Park">Whether a question without an answer parks the run (<c>--park</c>, <c>LLMC_PARK=1</c>) instead of waiting.</param>
internal sealed record AnswerChannels(string RunFile, string Program, bool Park);
