// Microsoft.AspNetCore.Mvc stays with the files that use it: its SignInResult would clash with Identity's.
global using System.ComponentModel.DataAnnotations;
global using System.Security.Claims;
global using FibroStore.Accounts.Data;
global using FibroStore.Accounts.Identity;
global using FibroStore.SharedKernel.Results;
global using FibroStore.SharedKernel.Security;
global using FibroStore.SharedKernel.Web;
global using FibroStore.SiteServices.Contracts;
global using Mediator;
global using Microsoft.AspNetCore.Authorization;
global using Microsoft.AspNetCore.Http;
global using Microsoft.AspNetCore.Identity;
global using Microsoft.AspNetCore.Mvc.RazorPages;
global using Microsoft.EntityFrameworkCore;
