namespace OcppLab.Domain.Logs;

public enum LogDirection
{
    CpToCsms = 1,
    CsmsToCp = 2,
}
