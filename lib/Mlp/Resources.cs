using System.Resources;

// English is in the main assembly (Strings.resx): an English UI culture looks for no satellite assembly.
[assembly: NeutralResourcesLanguage("en")]
