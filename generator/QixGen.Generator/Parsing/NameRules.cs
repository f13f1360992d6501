using System.Collections.Generic;
using System.Text;

namespace QixGen.Generator.Parsing;

/// <summary>How wire names become C# names. Culture-invariant by construction (ASCII rules only).</summary>
internal static class NameRules
{
    private static readonly HashSet<string> s_keywords = new()
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
        "__arglist", "__makeref", "__reftype", "__refvalue",
    };

    private const int MaxIdentifierLength = 200;

    /// <summary>The engine's names carry a Hungarian <c>q</c> prefix (qFieldName); C# names drop it.</summary>
    public static string StripQ(string wireName) =>
        wireName.Length > 1 && wireName[0] == 'q' ? wireName.Substring(1) : wireName;

    /// <summary>qFieldName -> FieldName; qnDec -> NDec.</summary>
    public static string ToPascal(string wireName)
    {
        var name = Identifier(StripQ(wireName));
        name = name[0] == '_' ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
        return SuffixKeyword(name); // only __arglist and its kin can get here
    }

    /// <summary>qFieldName -> fieldName; keywords escaped (qParams -> @params).</summary>
    public static string ToCamel(string wireName)
    {
        var name = Identifier(StripQ(wireName));
        name = name[0] == '_' ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);
        return EscapeKeyword(name);
    }

    public static string EscapeKeyword(string name) => s_keywords.Contains(name) ? "@" + name : name;

    /// <summary>
    /// Any text to a type name: a valid identifier that starts upper case, so it is never a keyword, never
    /// all lower case (CS8981) and never a contextual keyword such as <c>var</c> or <c>record</c>.
    /// </summary>
    public static string TypeName(string text)
    {
        var name = Identifier(text);
        if (name[0] >= 'a' && name[0] <= 'z')
        {
            name = char.ToUpperInvariant(name[0]) + name.Substring(1);
        }

        return SuffixKeyword(name);
    }

    /// <summary>
    /// A generated top-level type's name: <paramref name="typeName"/>, or <c>Qix</c> + it when a namespace that
    /// ImplicitUsings imports has a type of that name (<c>Range</c> -> <c>QixRange</c>: no CS0104 next to System.Range).
    /// </summary>
    public static string AvoidImplicitUsingClash(string typeName) =>
        BclTypeNames.Contains(typeName) ? "Qix" + typeName : typeName;

    /// <summary>Out values of at most this many characters (without the <c>q</c>) are abbreviations: their type names them.</summary>
    private const int OutValueAbbreviationLength = 2;

    /// <summary>
    /// A result class property's name from its own out value only (docs/naming.md): the wire name without its
    /// <c>q</c>, PascalCase; when that is an abbreviation of at most two characters and the value is a schema type or
    /// a list of one, the type's name (plural for a list): <c>qtr</c> (TableRecord[]) -> <c>TableRecords</c>.
    /// </summary>
    public static string OutValueName(string wireName, Model.TypeRef type)
    {
        var name = ToPascal(wireName);
        if (name.Length > OutValueAbbreviationLength)
        {
            return name;
        }

        var named = type.Kind == Model.TypeKind.Array ? type.Element! : type;
        if (named.Kind is not (Model.TypeKind.Object or Model.TypeKind.Enum) || named.Name is null)
        {
            return name;
        }

        return type.Kind == Model.TypeKind.Array ? Plural(named.Name) : named.Name;
    }

    /// <summary>English plural of a PascalCase name's last word: Record -> Records, Entry -> Entries, Box -> Boxes.</summary>
    private static string Plural(string name)
    {
        if (name.Length > 1 && name[name.Length - 1] == 'y' && "aeiou".IndexOf(name[name.Length - 2]) < 0)
        {
            return name.Substring(0, name.Length - 1) + "ies";
        }

        return name.EndsWith("s", System.StringComparison.Ordinal) || name.EndsWith("x", System.StringComparison.Ordinal)
            || name.EndsWith("ch", System.StringComparison.Ordinal) || name.EndsWith("sh", System.StringComparison.Ordinal)
            ? name + "es"
            : name + "s";
    }

    /// <summary>Any text to a member name that is not a keyword (keywords get a trailing '_').</summary>
    public static string MemberName(string text)
    {
        return SuffixKeyword(Identifier(text));
    }

    /// <summary>For names that cannot take '@' (they get prefixes and suffixes): a keyword gets a trailing '_'.</summary>
    private static string SuffixKeyword(string name) => s_keywords.Contains(name) ? name + "_" : name;

    /// <summary>Any text to a valid C# identifier: invalid characters become '_', a leading digit gets one.</summary>
    public static string Identifier(string text)
    {
        var builder = new StringBuilder(text.Length + 1);
        foreach (var c in text)
        {
            builder.Append(IsIdentifierChar(c) ? c : '_');
        }

        if (builder.Length == 0 || char.IsDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        // C# identifiers end at 512 characters (CS0645); generated names add prefixes and suffixes to these.
        return Shorten(builder.ToString(), MaxIdentifierLength);
    }

    /// <summary>NX_SORT_INDICATE_ASC -> NxSortIndicateAsc; binningData -> BinningData.</summary>
    public static string WordsToPascal(IReadOnlyList<string> words)
    {
        var builder = new StringBuilder();
        foreach (var word in words)
        {
            if (word.Length == 0)
            {
                continue;
            }

            builder.Append(char.ToUpperInvariant(word[0]));
            builder.Append(word.Substring(1).ToLowerInvariant());
        }

        return builder.ToString();
    }

    /// <summary>Splits an enum constant into words: on '_' for SNAKE_CASE, whole for camelCase.</summary>
    public static List<string> EnumWords(string text)
    {
        var words = new List<string>();
        if (text.IndexOf('_') >= 0 || IsAllUpper(text))
        {
            foreach (var part in text.Split('_', '-', ' ', '.'))
            {
                if (part.Length > 0)
                {
                    words.Add(part);
                }
            }
        }
        else
        {
            // Already camel or Pascal case: keep its inner capitals as they are.
            words.Add(text);
        }

        return words;
    }

    public static string EnumWordsToPascal(IReadOnlyList<string> words, bool snake)
    {
        if (snake)
        {
            return MemberName(WordsToPascal(words));
        }

        var text = string.Concat(words);
        return MemberName(text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1));
    }

    /// <summary>Titles of at most this many characters are abbreviations (<c>"S"</c>, <c>"D1"</c>): the long form names them.</summary>
    private const int AbbreviationLength = 2;

    /// <summary>
    /// An enum member's C# name from its own entry only (docs/naming.md): the wire value (title), or, when the
    /// title is an abbreviation of at most two characters, its long form if that is a constant name
    /// (<c>"S"</c>/<c>SELECTED</c> -> Selected). Leading words that repeat the enum's own type name are dropped
    /// (<c>NX_DIM_CELL_VALUE</c> in NxDimCellType -> Value); siblings and descriptions never count.
    /// </summary>
    public static string EnumMemberName(string title, string? longForm, IReadOnlyList<string> typeWords)
    {
        var source = title.Length <= AbbreviationLength && longForm is { Length: > 0 } && IsConstantName(longForm) ? longForm : title;
        var snake = source.IndexOf('_') >= 0 || IsAllUpper(source);
        var words = EnumWords(source);
        var skip = TypePrefixLength(words, typeWords);
        return EnumWordsToPascal(words.GetRange(skip, words.Count - skip), snake);
    }

    /// <summary>NxDimCellType -> Nx, Dim, Cell, Type; BNFDefMetaType -> BNF, Def, Meta, Type.</summary>
    public static List<string> TypeNameWords(string typeName)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 1; i <= typeName.Length; i++)
        {
            var boundary = i == typeName.Length || !char.IsLetterOrDigit(typeName[i])
                || (char.IsUpper(typeName[i]) && (char.IsLower(typeName[i - 1]) || (i + 1 < typeName.Length && char.IsLower(typeName[i + 1]) && char.IsUpper(typeName[i - 1]))));
            if (boundary)
            {
                if (i > start && char.IsLetterOrDigit(typeName[start]))
                {
                    words.Add(typeName.Substring(start, i - start));
                }

                start = i < typeName.Length && !char.IsLetterOrDigit(typeName[i]) ? i + 1 : i;
            }
        }

        return words;
    }

    /// <summary>How many leading words of a member repeat the type's words (after an optional leading Nx of the type).</summary>
    private static int TypePrefixLength(List<string> words, IReadOnlyList<string> typeWords)
    {
        var best = 0;
        for (var offset = 0; offset <= 1 && offset < typeWords.Count; offset++)
        {
            if (offset == 1 && !string.Equals(typeWords[0], "Nx", System.StringComparison.OrdinalIgnoreCase))
            {
                break;
            }

            var count = 0;
            while (count < words.Count - 1 && offset + count < typeWords.Count
                && SameWord(words[count], typeWords[offset + count]))
            {
                count++;
            }

            best = System.Math.Max(best, count);
        }

        // A name may not start with a digit word (NX_SORT_2 would become _2): keep one more word then.
        while (best > 0 && char.IsDigit(words[best][0]))
        {
            best--;
        }

        return best;
    }

    /// <summary>Equal ignoring case, one a prefix of the other (FUNC, Function), or one stem of six letters (INDICATE, Indicator).</summary>
    private static bool SameWord(string memberWord, string typeWord)
    {
        var common = 0;
        while (common < memberWord.Length && common < typeWord.Length && char.ToUpperInvariant(memberWord[common]) == char.ToUpperInvariant(typeWord[common]))
        {
            common++;
        }

        return ((common == memberWord.Length || common == typeWord.Length) && common >= 2) || common >= 6;
    }

    private static bool IsConstantName(string text)
    {
        foreach (var c in text)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsAllUpper(string text)
    {
        var hasLetter = false;
        foreach (var c in text)
        {
            if (char.IsLower(c))
            {
                return false;
            }

            hasLetter |= char.IsLetter(c);
        }

        return hasLetter;
    }

    private static bool IsIdentifierChar(char c) =>
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';

    /// <summary>At most <paramref name="max"/> characters: a longer text keeps its start and gets a stable hash of the whole.</summary>
    public static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        return text.Substring(0, max - 9) + "_" + StableHash(text).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>FNV-1a over the UTF-16 code units: the same on every machine and run (string.GetHashCode is not).</summary>
    public static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }

    /// <summary>Hands out unique names in one scope, reporting the renames it had to make.</summary>
    public sealed class Scope
    {
        private readonly Dictionary<string, string> _taken = new();
        private readonly Dictionary<string, int> _nextNumber = new(); // so n clashes on one name cost O(n), not O(n^2)

        public Scope(params string[] reserved)
        {
            foreach (var name in reserved)
            {
                _taken[name] = "(reserved)";
            }
        }

        public bool IsTaken(string name) => _taken.ContainsKey(name);

        /// <summary>Claims <paramref name="name"/> for <paramref name="owner"/>; on a clash, the next free numbered name.</summary>
        public string Claim(string name, string owner, out string? clashedWith)
        {
            clashedWith = null;
            if (!_taken.TryGetValue(name, out var existing))
            {
                _taken[name] = owner;
                return name;
            }

            clashedWith = existing;
            _nextNumber.TryGetValue(name, out var start);
            for (var i = System.Math.Max(start, 2); ; i++)
            {
                var candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!_taken.ContainsKey(candidate))
                {
                    _taken[candidate] = owner;
                    _nextNumber[name] = i + 1;
                    return candidate;
                }
            }
        }
    }
}
