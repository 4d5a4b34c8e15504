using System.Text;
using LLama;
using LLama.Native;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Local;

/// <summary>Turns chat messages into prompt tokens: through the GGUF's chat template when it has one, as plain text otherwise.</summary>
internal static class PromptFormat
{
    public static LLamaToken[] Tokenize(LoadedModel model, IEnumerable<ChatMessage> messages)
    {
        var list = messages.ToList();
        var addBos = model.Weights.Vocab.ShouldAddBOS;
        if (model.HasChatTemplate)
        {
            var template = new LLamaTemplate(model.Weights) { AddAssistant = true };
            foreach (var message in list)
            {
                template.Add(message.Role.Value, message.Text);
            }

            var text = Encoding.UTF8.GetString(template.Apply());

            // Special tokens must be parsed here: the template's markers are control tokens.
            return model.Weights.Tokenize(text, addBos, special: true, Encoding.UTF8);
        }

        // A plain completion: the system text, then the rest, separated by blank lines; the user's text is never
        // read as control tokens.
        var plain = string.Join("\n\n", list.Select(m => m.Text).Where(t => t.Length > 0));
        return model.Weights.Tokenize(plain, addBos, special: false, Encoding.UTF8);
    }
}
