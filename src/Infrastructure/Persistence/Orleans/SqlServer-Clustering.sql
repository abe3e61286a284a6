-- Orleans ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet 10.x) on SQL Server, written for
-- OcppLab and applied by its migration OrleansClustering. The provider reads its statements from
-- OrleansQuery by key and binds @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
-- @Status, @ProxyPort, @SuspectTimes, @StartTime, @IAmAliveTime and @Version; the conditional writes
-- return one bit column.
-- Idempotent: tables are created only when missing and query rows only added when missing, so a
-- database that an operator set up with the Orleans project's own scripts keeps its definitions.
-- Not done here (it cannot run inside the migration's transaction): the Orleans project recommends
-- ALTER DATABASE ... SET READ_COMMITTED_SNAPSHOT ON for consistent membership reads.

IF OBJECT_ID(N'OrleansQuery', N'U') IS NULL
CREATE TABLE OrleansQuery
(
    QueryKey VARCHAR(64) NOT NULL,
    QueryText VARCHAR(8000) NOT NULL,
    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);

-- One row per cluster: its membership version, the optimistic-concurrency token of every write.
IF OBJECT_ID(N'OrleansMembershipVersionTable', N'U') IS NULL
CREATE TABLE OrleansMembershipVersionTable
(
    DeploymentId NVARCHAR(150) NOT NULL,
    Timestamp DATETIME2(3) NOT NULL DEFAULT SYSUTCDATETIME(),
    Version INT NOT NULL DEFAULT 0,
    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

-- One row per silo incarnation (address, port, generation) of a cluster.
IF OBJECT_ID(N'OrleansMembershipTable', N'U') IS NULL
CREATE TABLE OrleansMembershipTable
(
    DeploymentId NVARCHAR(150) NOT NULL,
    Address VARCHAR(45) NOT NULL,
    Port INT NOT NULL,
    Generation INT NOT NULL,
    SiloName NVARCHAR(150) NOT NULL,
    HostName NVARCHAR(150) NOT NULL,
    Status INT NOT NULL,
    ProxyPort INT NULL,
    SuspectTimes VARCHAR(8000) NULL,
    StartTime DATETIME2(3) NOT NULL,
    IAmAliveTime DATETIME2(3) NOT NULL,
    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- The conditional writes lock and bump the cluster's version row first, so concurrent writers
-- serialize on it, and roll the bump back when the silo row cannot be added or is missing.
INSERT INTO OrleansQuery (QueryKey, QueryText)
SELECT q.QueryKey, q.QueryText
FROM (VALUES
('UpdateIAmAlivetimeKey', '
    SET NOCOUNT ON;
    UPDATE OrleansMembershipTable
    SET IAmAliveTime = CASE WHEN IAmAliveTime > @IAmAliveTime THEN IAmAliveTime ELSE @IAmAliveTime END
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
        AND Address = @Address AND Port = @Port AND Generation = @Generation;
'),
('InsertMembershipVersionKey', '
    SET NOCOUNT ON;
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    SELECT @DeploymentId
    WHERE @DeploymentId IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM OrleansMembershipVersionTable WITH (UPDLOCK, HOLDLOCK) WHERE DeploymentId = @DeploymentId);
    SELECT CAST(@@ROWCOUNT AS BIT);
'),
('InsertMembershipKey', '
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Added BIT = 0;
    BEGIN TRANSACTION;
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = SYSUTCDATETIME()
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL AND Version = @Version;
    IF @@ROWCOUNT = 1 AND NOT EXISTS (
        SELECT 1 FROM OrleansMembershipTable WITH (UPDLOCK, HOLDLOCK)
        WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation)
    BEGIN
        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        VALUES
            (@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime);
        SET @Added = 1;
    END;
    IF @Added = 1 COMMIT TRANSACTION; ELSE ROLLBACK TRANSACTION;
    SELECT @Added;
'),
('UpdateMembershipKey', '
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Changed BIT = 0;
    BEGIN TRANSACTION;
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = SYSUTCDATETIME()
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL AND Version = @Version;
    IF @@ROWCOUNT = 1
    BEGIN
        UPDATE OrleansMembershipTable
        SET Status = @Status,
            SuspectTimes = @SuspectTimes,
            IAmAliveTime = CASE WHEN IAmAliveTime > @IAmAliveTime THEN IAmAliveTime ELSE @IAmAliveTime END
        WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
        IF @@ROWCOUNT = 1 SET @Changed = 1;
    END;
    IF @Changed = 1 COMMIT TRANSACTION; ELSE ROLLBACK TRANSACTION;
    SELECT @Changed;
'),
('GatewaysQueryKey', '
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
        AND Status = @Status AND @Status IS NOT NULL
        AND ProxyPort > 0;
'),
('MembershipReadRowKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
        m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT OUTER JOIN OrleansMembershipTable m ON v.DeploymentId = m.DeploymentId
        AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
'),
('MembershipReadAllKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
        m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT OUTER JOIN OrleansMembershipTable m ON v.DeploymentId = m.DeploymentId
    WHERE v.DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
'),
('DeleteMembershipTableEntriesKey', '
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
'),
('CleanupDefunctSiloEntriesKey', '
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
        AND IAmAliveTime < @IAmAliveTime
        AND Status = 6;
'),
('CleanupDefunctSiloEntryKey', '
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = 6
        AND Address = @Address AND Port = @Port AND Generation = @Generation
        AND IAmAliveTime = @IAmAliveTime AND StartTime = @StartTime
        AND COALESCE(SuspectTimes, '''') = COALESCE(CAST(@SuspectTimes AS VARCHAR(8000)), '''');
')
) AS q (QueryKey, QueryText)
WHERE NOT EXISTS (SELECT 1 FROM OrleansQuery o WHERE o.QueryKey = q.QueryKey);
