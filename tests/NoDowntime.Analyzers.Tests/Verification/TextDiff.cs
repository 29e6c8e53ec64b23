using System;
using System.Collections.Generic;
using System.Text;

namespace NoDowntime.Analyzers.Tests.Verification;

/// <summary>A line diff for failure messages: unchanged lines with two spaces, removed with '-', added with '+'.</summary>
internal static class TextDiff
{
    public static string Lines(string expected, string actual)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');

        // Longest common subsequence table over lines; test sources are small.
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var output = new StringBuilder();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                output.Append("  ").AppendLine(Visible(a[x]));
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                output.Append("+ ").AppendLine(Visible(b[y++]));
            }
            else
            {
                output.Append("- ").AppendLine(Visible(a[x++]));
            }
        }

        return output.ToString();
    }

    // Trailing white space and carriage returns are invisible in a diff unless shown.
    private static string Visible(string line) =>
        line.Replace("\r", "\\r").TrimEnd() == line.Replace("\r", "\\r") ? line.Replace("\r", "\\r") : line.Replace("\r", "\\r").TrimEnd() + "·";
}
