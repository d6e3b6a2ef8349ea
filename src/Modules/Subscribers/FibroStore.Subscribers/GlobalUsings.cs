global using FibroStore.SharedKernel.Web;
global using FibroStore.SiteServices.Contracts;
global using FibroStore.Subscribers.Data;
global using Mediator;
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.AspNetCore.Mvc.RazorPages;
global using Microsoft.EntityFrameworkCore;
