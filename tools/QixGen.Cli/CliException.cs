using System;

namespace QixGen.Cli;

/// <summary>A mistake in the input (a file, a value) that qixgen reports as one line and exit code 2.</summary>
internal sealed class CliException(string message) : Exception(message);
