; Inno Setup 6 script: gdexplorer-VERSION-windows-x64-setup.exe from the PyInstaller bundle.
; UNTESTED HERE (the project is built on Linux); the GitHub Actions workflow runs it on windows-latest.
;
;   pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller packaging\gdexplorer.spec
;   iscc /DAppVersion=0.1.0 packaging\windows\gdexplorer.iss
;
; Installs per user (no admin) by default, or for all users if the user picks it; adds a Start menu
; entry and an optional desktop icon; the uninstaller removes the whole folder. Numba's compiled
; kernels live in %LOCALAPPDATA%\gdexplorer (not in the install folder) and are removed on request.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "gdexplorer"
#define RepoRoot AddBackslash(SourcePath) + "..\.."

[Setup]
AppId={{6C7E1F2A-3B1D-4C55-9F0E-6D2B7A9E4D11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=gdexplorer maintainers
AppPublisherURL=https://github.com/gdexplorer/gdexplorer
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#RepoRoot}\dist
OutputBaseFilename={#AppName}-{#AppVersion}-windows-x64-setup
SetupIconFile={#RepoRoot}\resources\gdexplorer.ico
UninstallDisplayIcon={app}\gdexplorer.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#RepoRoot}\dist\gdexplorer\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\gdexplorer.exe"; Comment: "Gradient descent explorer"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\gdexplorer.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\gdexplorer.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; anything the app might have written beside itself (it should not: caches go to %LOCALAPPDATA%)
Type: filesandordirs; Name: "{app}"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DirExists(ExpandConstant('{localappdata}\gdexplorer')) then
    if MsgBox('Also delete the compiled-kernel cache in ' + ExpandConstant('{localappdata}\gdexplorer') + '?',
              mbConfirmation, MB_YESNO) = IDYES then
      DelTree(ExpandConstant('{localappdata}\gdexplorer'), True, True, True);
end;
