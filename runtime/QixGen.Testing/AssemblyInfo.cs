using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("QixGen.Testing.Tests")]
