global using FibroStore.SharedKernel.Data;
global using FibroStore.SiteServices.Contracts;
global using FibroStore.SiteServices.Data;
global using Microsoft.EntityFrameworkCore;
global using Npgsql;
