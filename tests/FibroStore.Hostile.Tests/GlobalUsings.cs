global using FibroStore.SharedKernel.Security;
global using FibroStore.TestKit;
