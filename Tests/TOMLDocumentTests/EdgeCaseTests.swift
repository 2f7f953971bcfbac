import Testing
import TOMLDocument

/// Small documents from the corners of the grammar, checked only for acceptance or rejection.
@Suite("Edge cases")
struct EdgeCaseTests {
    @Test(arguments: [
        "a = 1#comment without space",
        "  [a]  # indented header with comment",
        "key = \"value\" \t",
        "a = {   a.b  =  1   }",
        "arr = [ [ ] ]",
        "[[a]]\n[a.b]\n[[a]]\n[a.b]",
        "\"a\" . b = 1",
        "true = 1\nfalse = 2\ninf = 3\nnan = 4",
        "a = 1987-07-05T17:45:56.123Z",
        "a = 1979-05-27T00:32:00.999999999999-07:00",
        "a = 0.0_1\nb = 1_0e1_0\nc = -0.0\nd = 0e-0\ne = +1e+1",
        "mismatch1 = \"\"\"aaa'''bbb\"\"\"\nmismatch2 = '''aaa\"\"\"bbb'''",
        "lit_one = ''''one quote''''",
        "a = 9999-12-31T23:59:60Z",
        "a = \"\"\"\n\\\n\"\"\"",
        "a = [\n  1, # one\n  [ # nested\n    2\n  ],\n]",
        "[a]\n[a.b]\n[a.b.c]",
        "a = []\nb = [[], []]",
        "a = \"\"\"\"\"\"\"",
        "a = \"\\u00e9\\U0001F600\"",
    ])
    func accepted(_ document: String) {
        _ = parseValid(document)
    }

    @Test(arguments: [
        "a. = 1",
        ".a = 1",
        "a..b = 1",
        "a = 1 = 2",
        "a = 0_0",
        "a = 00.5",
        "a = 1.e5",
        "a = 1e_5",
        "a = +-1",
        "a = -0x1",
        "[a]\n[a.b]\n[a]",
        "a.b.c = 1\n[a.b]",
        "é = 1",
        "a = 1979-05-27T07:32Z",
        "a = 1979-05-27T07:32:00.Z",
        "a = {b = 1}\n[[a]]",
        "x = [{a=1}]\n[[x]]",
        "a = \"\"\"\"\"\"\"\"\"",
        "a = '''''''''",
        "a = [1,\n2\n3]",
        "a = 1\n[a]",
        "[a]\nb = 1\n[a.b]",
        "a = { b = 1, b.c = 2 }",
        "a = \"\\ \"",
        "a = tru",
        "a = \"x\" \"y\"",
    ])
    func rejected(_ document: String) {
        _ = parseError(document)
    }
}
