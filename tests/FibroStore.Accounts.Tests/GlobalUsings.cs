global using System.Net;
global using FibroStore.Accounts.Data;
global using FibroStore.TestKit;
global using Microsoft.AspNetCore.Identity;
global using Microsoft.Extensions.DependencyInjection;
global using static FibroStore.Accounts.Tests.AccountsTestKit;
