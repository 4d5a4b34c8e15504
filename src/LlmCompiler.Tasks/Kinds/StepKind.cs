using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Emit;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Kinds;

/// <summary>
/// One step type of the language, and all the compiler knows of it: the <c>type</c> value with its doc, the flag
/// field rows accept it by, the checks only it needs, the runtime step it emits, its node in the graph and the
/// backend package it needs. The stages ask the step's kind instead of naming types, so a new type is a new
/// subclass and a line in <see cref="StepKinds.All"/>. This room is the one place that meets every stage; each
/// member belongs to one stage (marked below) and only that stage calls it, so the stages still point forward.
/// </summary>
internal abstract class StepKind
{
    /// <param name="name">The <c>type</c> value that selects the kind.</param>
    /// <param name="doc">What a step of the kind does, in one sentence (the choice's doc in the schema and the README).</param>
    /// <param name="flag">The kind's own <see cref="StepTypes"/> bit, by which field rows say they accept it.</param>
    protected StepKind(string name, string doc, StepTypes flag)
    {
        Name = name;
        Flag = flag;
        Choice = new Choice(name, doc);
    }

    /// <summary>Gets the <c>type</c> value, e.g. <c>shell</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the kind's <see cref="StepTypes"/> bit: a field row applies to the kind when its <c>Steps</c> holds it.</summary>
    public StepTypes Flag { get; }

    /// <summary>Gets the kind as a choice of the <c>type</c> field: its name and what it does.</summary>
    public Choice Choice { get; }

    /// <summary>Gets the article messages put before the name ("an llm step").</summary>
    public virtual string Article => "a";

    /// <summary>
    /// Gets the field that names the workflow a step of the kind runs, or <see langword="null"/> when it runs none.
    /// The call graph, the binder's call checks, output types and the graph's call edges read it.
    /// </summary>
    public virtual FieldDescriptor? CallTarget => null;

    /// <summary>Gets the package that runs steps of the kind and the SDK property that adds it (LLMC0007), or <see langword="null"/> when the runtime runs them itself.</summary>
    public virtual BackendPackage? Backend => null;

    /// <summary>Gets the name of the runtime step class (in <c>LlmCompiler.Runtime</c>) the emitter constructs.</summary>
    public abstract string RuntimeType { get; }

    /// <summary>Gets how the graph draws a step of the kind (<see cref="MermaidGraph"/>).</summary>
    public abstract MermaidShape Shape { get; }

    /// <summary>Checking: what the step's output holds, read from the step as written (<see cref="OutputTypes"/>).</summary>
    public virtual VariableType OutputType(StepSyntax step, IReadOnlyDictionary<string, WorkflowSyntax> workflows) => OutputTypes.Declared(step);

    /// <summary>Checking: the checks only this kind needs, once the step's fields are bound; the rows' rules are already applied.</summary>
    public virtual void Check(BoundStep step, DiagnosticBag diagnostics)
    {
    }

    /// <summary>Emit: the runtime step's constructor arguments after its name, and what else the construction sets.</summary>
    /// <param name="step">The checked step.</param>
    /// <param name="classOf">The generated class of a workflow of the project, by name (a call's target).</param>
    public abstract StepConstruction Construct(BoundStep step, Func<string, string> classOf);
}
