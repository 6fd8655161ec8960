Console.Error.WriteLine("The train command arrives with the data loader.");
