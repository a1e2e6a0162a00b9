<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>An explorer for gradient descent: type a function of x (and y), pick optimizers and watch them race on its map, its 3-D surface and their f and |∇f| curves, step by step.</source>
        <translation>梯度下降探索器：输入一个关于 x（和 y）的函数，选择优化器，一步一步地观看它们在二维等高线图、三维曲面以及 f 与 |∇f| 曲线上比赛。</translation>
    </message>
    <message>
        <source>License: MIT</source>
        <translation>许可证：MIT</translation>
    </message>
    <message>
        <source>Built on:</source>
        <translation>基于：</translation>
    </message>
    <message>
        <source>About gdexplorer</source>
        <translation>关于 gdexplorer</translation>
    </message>
</context>
<context>
    <name>ComputeService</name>
    <message>
        <source>loading the grid kernels</source>
        <translation>正在加载网格计算内核</translation>
    </message>
    <message>
        <source>loading the optimizer kernels</source>
        <translation>正在加载优化器内核</translation>
    </message>
    <message>
        <source>loading the Hessian kernel</source>
        <translation>正在加载黑塞矩阵内核</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
</context>
<context>
    <name>Explorer</name>
    <message>
        <source>the saved state is not valid JSON</source>
        <extracomment>sweeps, basin maps, critical points: in a worker with progress and Cancel; a new landscape (function or range) makes every one of them stale the Data mode (issue 11): runs train (w, b) on data; a switch of mode pauses the race what became of the saved state, for the status bar (&quot;&quot; when it was restored or absent), in the interface&apos;s language</extracomment>
        <translation>保存的状态不是有效的 JSON</translation>
    </message>
    <message>
        <source>Started from the defaults: {reason}.</source>
        <translation>已从默认设置开始：{reason}。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Export view as PNG</source>
        <translation>将视图导出为 PNG</translation>
    </message>
    <message>
        <source>Save PNG…</source>
        <translation>保存 PNG…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Export as PNG</source>
        <translation>导出为 PNG</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>未保存：{reason}</translation>
    </message>
    <message>
        <source>Could not save {path}</source>
        <translation>无法保存 {path}</translation>
    </message>
    <message>
        <source>Saved {path} ({width} × {height})</source>
        <translation>已保存 {path}（{width} × {height}）</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Export race as GIF or MP4</source>
        <translation>将比赛导出为 GIF 或 MP4</translation>
    </message>
    <message>
        <source>the runs&apos; starts (Reset first)</source>
        <translation>各次运行的起点（先重置）</translation>
    </message>
    <message>
        <source>where the runs are now</source>
        <translation>各次运行当前所在处</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>帧数</translation>
    </message>
    <message>
        <source>Steps per frame</source>
        <translation>每帧步数</translation>
    </message>
    <message>
        <source>Frames per second</source>
        <translation>每秒帧数</translation>
    </message>
    <message>
        <source>From</source>
        <translation>开始于</translation>
    </message>
    <message>
        <source>Record…</source>
        <translation>录制…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelled: no file was written.</source>
        <translation>已取消：没有写入任何文件。</translation>
    </message>
    <message>
        <source>encoded by {ffmpeg}</source>
        <translation>由 {ffmpeg} 编码</translation>
    </message>
    <message>
        <source>{frames} frames × {steps} steps = {total} steps after the first frame, {seconds:.1f} s at {fps} frames/s, {width} × {height} px</source>
        <translation>{frames} 帧 × {steps} 步 = 第一帧之后 {total} 步，每秒 {fps} 帧共 {seconds:.1f} 秒，{width} × {height} px</translation>
    </message>
    <message>
        <source>Export race</source>
        <translation>导出比赛</translation>
    </message>
    <message>
        <source>Not started: the view is not shown: show its dock first</source>
        <translation>未开始：该视图未显示，请先显示它的停靠窗口</translation>
    </message>
    <message>
        <source>Not started: {reason}</source>
        <translation>未开始：{reason}</translation>
    </message>
    <message>
        <source>Recording {file}…</source>
        <translation>正在录制 {file}…</translation>
    </message>
    <message>
        <source>{task} (%p%)</source>
        <translation>{task}（%p%）</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Saved {path} ({size:.1f} MB)</source>
        <translation>已保存 {path}（{size:.1f} MB）</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <source>change the optimizer</source>
        <extracomment>(a run&apos;s setting, the name of a change of it), in the order a change is named by</extracomment>
        <translation>更换优化器</translation>
    </message>
    <message>
        <source>move the start</source>
        <translation>移动起点</translation>
    </message>
    <message>
        <source>change a hyperparameter</source>
        <translation>修改超参数</translation>
    </message>
    <message>
        <source>change the schedule</source>
        <translation>修改学习率调度</translation>
    </message>
    <message>
        <source>change the clipping</source>
        <translation>修改梯度裁剪</translation>
    </message>
    <message>
        <source>change the noise</source>
        <translation>修改噪声</translation>
    </message>
    <message>
        <source>change the function</source>
        <translation>修改函数</translation>
    </message>
    <message>
        <source>change the range</source>
        <translation>修改范围</translation>
    </message>
    <message>
        <source>add a run</source>
        <translation>添加一次运行</translation>
    </message>
    <message>
        <source>remove a run</source>
        <translation>删除一次运行</translation>
    </message>
    <message>
        <source>change the runs</source>
        <translation>修改各次运行</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>preparing… %p%</source>
        <extracomment>short: the status label says what is being prepared</extracomment>
        <translation>准备中… %p%</translation>
    </message>
    <message>
        <source>Curve f(x) and the runs</source>
        <extracomment>(dock title, short name for menus, file name stem) of the two views, by the function&apos;s dimension: in 1-D the map shows the curve f(x) and the 3-D view the slope f′(x). The names are English, shown through translate(&quot;MainWindow&quot;, …) (see :meth:`MainWindow._view_names`)</extracomment>
        <translation>曲线 f(x) 与各次运行</translation>
    </message>
    <message>
        <source>Curve f(x)</source>
        <translation>曲线 f(x)</translation>
    </message>
    <message>
        <source>Slope f′(x)</source>
        <translation>斜率 f′(x)</translation>
    </message>
    <message>
        <source>2D map: contours and −∇f</source>
        <translation>二维等高线图：等高线与 −∇f</translation>
    </message>
    <message>
        <source>2D map</source>
        <translation>二维等高线图</translation>
    </message>
    <message>
        <source>3D surface</source>
        <translation>三维曲面</translation>
    </message>
    <message>
        <source>Reset curve view</source>
        <extracomment>the View menu&apos;s &quot;Reset … view&quot; entries, by the function&apos;s dimension (what the dock shows)</extracomment>
        <translation>重置曲线视图</translation>
    </message>
    <message>
        <source>Reset slope view</source>
        <translation>重置斜率视图</translation>
    </message>
    <message>
        <source>Reset map view</source>
        <translation>重置等高线图视图</translation>
    </message>
    <message>
        <source>Reset 3D view</source>
        <translation>重置三维视图</translation>
    </message>
    <message>
        <source>Window</source>
        <extracomment>File &gt; Export PNG&apos;s entries that are not one of the two views above</extracomment>
        <translation>整个窗口</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>gdexplorer {version} — gradient descent explorer</source>
        <translation>gdexplorer {version} — 梯度下降探索器</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>函数</translation>
    </message>
    <message>
        <source>Start point</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Run controls</source>
        <translation>运行控制</translation>
    </message>
    <message>
        <source>Curves: f and |∇f| per step</source>
        <translation>曲线：每步的 f 与 |∇f|</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>各次运行</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>Learning-rate sweep</source>
        <translation>学习率扫描</translation>
    </message>
    <message>
        <source>Backpropagation graph</source>
        <translation>反向传播计算图</translation>
    </message>
    <message>
        <source>Hessian</source>
        <translation>黑塞矩阵</translation>
    </message>
    <message>
        <source>Explain step</source>
        <translation>讲解这一步</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>loading the numerical kernels (the first start compiles them)</source>
        <translation>正在加载数值计算内核（首次启动时需要编译）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Export trajectories as CSV…</source>
        <translation>将轨迹导出为 CSV…</translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation>导出 PNG</translation>
    </message>
    <message>
        <source>Export view as PNG at a size…</source>
        <translation>按指定尺寸将视图导出为 PNG…</translation>
    </message>
    <message>
        <source>Export race as GIF or MP4…</source>
        <translation>将比赛导出为 GIF 或 MP4…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Play / Pause</source>
        <translation>播放 / 暂停</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Compare all optimizers</source>
        <translation>比较所有优化器</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Reset layout</source>
        <translation>重置布局</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Keyboard shortcuts…</source>
        <translation>键盘快捷键…</translation>
    </message>
    <message>
        <source>About gdexplorer…</source>
        <translation>关于 gdexplorer…</translation>
    </message>
    <message>
        <source>Undo {change}</source>
        <translation>撤销：{change}</translation>
    </message>
    <message>
        <source>Redo {change}</source>
        <translation>重做：{change}</translation>
    </message>
    <message>
        <source>Preparing: warming up the numerical kernels (the first start compiles them)…</source>
        <translation>准备中：正在预热数值计算内核（首次启动时需要编译）…</translation>
    </message>
    <message>
        <source>Preparing: {task}…</source>
        <translation>准备中：{task}…</translation>
    </message>
    <message>
        <source>Ready (kernels loaded in {seconds:.1f} s). Space: play/pause, →: step, R: reset</source>
        <translation>就绪（内核加载用时 {seconds:.1f} 秒）。Space：播放/暂停，→：单步，R：重置</translation>
    </message>
    <message>
        <source>Computing the landscape…</source>
        <translation>正在计算函数图像…</translation>
    </message>
    <message>
        <source>{function}({variables}) sampled on {grid} points</source>
        <translation>{function}({variables}) 已在 {grid} 个点上采样</translation>
    </message>
    <message>
        <source>Expression error: {error} (the last good function stays on screen)</source>
        <translation>表达式错误：{error}（屏幕上保留上一个有效的函数）</translation>
    </message>
    <message>
        <source>%n run(s)   selected: step {step}, {name} = {f:.6g}   </source>
        <translation>共 %n 次运行   选中的运行：第 {step} 步，{name} = {f:.6g}   </translation>
    </message>
    <message>
        <source>Export trajectories</source>
        <translation>导出轨迹</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Could not save {path}: {reason}</source>
        <translation>无法保存 {path}：{reason}</translation>
    </message>
    <message>
        <source>Export {view} as PNG</source>
        <translation>将{view}导出为 PNG</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Could not save {path}</source>
        <translation>无法保存 {path}</translation>
    </message>
</context>
<context>
    <name>Recorder</name>
    <message>
        <source>unknown format {kind}: gif or mp4</source>
        <translation>未知格式 {kind}：应为 gif 或 mp4</translation>
    </message>
    <message>
        <source>frames must be 2 to {most}</source>
        <translation>帧数必须在 2 到 {most} 之间</translation>
    </message>
    <message>
        <source>steps per frame must be 1 to {most}</source>
        <translation>每帧步数必须在 1 到 {most} 之间</translation>
    </message>
    <message>
        <source>frames per second must be 1 to {most}</source>
        <translation>每秒帧数必须在 1 到 {most} 之间</translation>
    </message>
    <message>
        <source>no folder {folder}</source>
        <translation>文件夹 {folder} 不存在</translation>
    </message>
    <message>
        <source>cannot write in {folder}</source>
        <translation>无法写入 {folder}</translation>
    </message>
    <message>
        <source>a recording is already running</source>
        <extracomment>seconds spent grabbing (UI thread) and the worst single frame, for the report and benchmarks</extracomment>
        <translation>已有一个录制正在进行</translation>
    </message>
    <message>
        <source>there is no function to descend</source>
        <translation>还没有可以下降的函数</translation>
    </message>
    <message>
        <source>could not grab the view: {error}</source>
        <translation>无法截取视图：{error}</translation>
    </message>
    <message>
        <source>the encoder failed</source>
        <translation>编码器出错</translation>
    </message>
    <message>
        <source>the function changed while recording</source>
        <translation>录制期间函数发生了变化</translation>
    </message>
    <message>
        <source>frame {done} of {count}</source>
        <translation>第 {done} 帧 / 共 {count} 帧</translation>
    </message>
</context>
<context>
    <name>RunControls</name>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>one step of every run (Right arrow)</source>
        <translation>每次运行前进一步（右方向键）</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>animate the descent (Space)</source>
        <translation>动画演示下降过程（Space）</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>back to the start points (R)</source>
        <translation>回到起点（R）</translation>
    </message>
    <message>
        <source> steps/s</source>
        <translation> 步/秒</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>steps limit</source>
        <translation>步数上限</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Preset {preset}: learning rates set from the preset&apos;s table</source>
        <extracomment>the layout of :meth:`Session.to_state`. 1: the learning rate beside the hyperparameters (read and migrated); 2: &quot;lr&quot; among them. A state of another version is ignored, the defaults kept. the Data mode&apos;s controller (app/data_mode.py) while the runs train on data, else None: the few places below that differ between the modes ask it (runs, new settings, the landscape)</extracomment>
        <translation>预设 {preset}：已按预设的表格设置学习率</translation>
    </message>
    <message>
        <source> ({changes})</source>
        <translation>（{changes}）</translation>
    </message>
    <message>
        <source>; 1 duplicate run removed ({runs}: the same settings as a run above)</source>
        <translation>；删除了 1 次重复的运行（{runs}：与上面某次运行的设置相同）</translation>
    </message>
    <message>
        <source>; {count} duplicate runs removed ({runs}: the same settings as a run above)</source>
        <translation>；删除了 {count} 次重复的运行（{runs}：与上面某次运行的设置相同）</translation>
    </message>
    <message>
        <source>The loss landscape could not be computed: {error}</source>
        <translation>无法计算损失函数图像：{error}</translation>
    </message>
    <message>
        <source>the saved state is not a session ({type})</source>
        <translation>保存的状态不是一个会话（{type}）</translation>
    </message>
    <message>
        <source>the saved state has no readable version ({version})</source>
        <translation>保存的状态没有可读的版本号（{version}）</translation>
    </message>
    <message>
        <source>the saved state is from a newer gdexplorer (state version {version}; this one reads {oldest} to {newest})</source>
        <translation>保存的状态来自更新版本的 gdexplorer（状态版本 {version}；本版本可读取 {oldest} 到 {newest}）</translation>
    </message>
    <message>
        <source>the saved state is too old to read (state version {version})</source>
        <translation>保存的状态太旧，无法读取（状态版本 {version}）</translation>
    </message>
    <message>
        <source>text is {type}</source>
        <translation>函数文本的类型是 {type}</translation>
    </message>
    <message>
        <source>the saved state could not be read ({reason})</source>
        <translation>无法读取保存的状态（{reason}）</translation>
    </message>
    <message>
        <source>the saved state has no runs</source>
        <translation>保存的状态中没有运行</translation>
    </message>
    <message>
        <source>ranges must be finite</source>
        <translation>范围必须是有限数</translation>
    </message>
    <message>
        <source>x min must be less than x max</source>
        <translation>x 最小值必须小于 x 最大值</translation>
    </message>
    <message>
        <source>y min must be less than y max</source>
        <translation>y 最小值必须小于 y 最大值</translation>
    </message>
    <message>
        <source>range {values} is not finite</source>
        <translation>范围 {values} 不是有限数</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>SizeChooser</name>
    <message>
        <source>As shown</source>
        <extracomment>(label, (width, height)); None: the size the view has on screen; &quot;custom&quot;: typed. The labels with words are shown through translate(&quot;SizeChooser&quot;, …)</extracomment>
        <translation>与屏幕显示相同</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>As shown ({width} × {height})</source>
        <extracomment>a recording&apos;s 3-D frames are not multisampled: 4x triples a frame&apos;s time on a software renderer</extracomment>
        <translation>与屏幕显示相同（{width} × {height}）</translation>
    </message>
</context>
<context>
    <name>ViewImage</name>
    <message>
        <source>Curve f(x)</source>
        <extracomment>a picture&apos;s width and height (8K at most; llvmpipe&apos;s framebuffers go to 16384) the views that can be exported, and their menu names by the function&apos;s dimension (English: shown through :func:`view_label`)</extracomment>
        <translation>曲线 f(x)</translation>
    </message>
    <message>
        <source>Slope f′(x)</source>
        <translation>斜率 f′(x)</translation>
    </message>
    <message>
        <source>Curves: f and |f′| per step</source>
        <translation>曲线：每步的 f 与 |f′|</translation>
    </message>
    <message>
        <source>2D map</source>
        <translation>二维等高线图</translation>
    </message>
    <message>
        <source>3D surface</source>
        <translation>三维曲面</translation>
    </message>
    <message>
        <source>Curves: f and |∇f| per step</source>
        <translation>曲线：每步的 f 与 |∇f|</translation>
    </message>
    <message>
        <source>the view {name} is not shown: show its dock first</source>
        <extracomment>file name stems, as File &gt; Export PNG names them</extracomment>
        <translation>视图 {name} 未显示：请先显示它的停靠窗口</translation>
    </message>
    <message>
        <source>a picture is {low} to {high} pixels on a side, not {width}x{height}</source>
        <translation>图片每边应为 {low} 到 {high} 像素，而不是 {width}x{height}</translation>
    </message>
    <message>
        <source>{width} pixels is too narrow for the 3-D view and its colour bar at {height} high</source>
        <translation>高为 {height} 时，{width} 像素的宽度放不下三维视图和它的颜色条</translation>
    </message>
    <message>
        <source>the 3-D view is not shown: show its dock first</source>
        <translation>三维视图未显示：请先显示它的停靠窗口</translation>
    </message>
    <message>
        <source>this OpenGL allows pictures up to {limit} pixels on a side</source>
        <translation>此 OpenGL 允许的图片每边最多 {limit} 像素</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>could not evaluate the function: {error}</source>
        <translation>无法计算函数值：{error}</translation>
    </message>
    <message>
        <source>MP4 needs ffmpeg: sudo apt install ffmpeg</source>
        <translation>MP4 需要 ffmpeg：sudo apt install ffmpeg</translation>
    </message>
    <message>
        <source>unknown animation format {kind} (gif or mp4)</source>
        <translation>未知的动画格式 {kind}（应为 gif 或 mp4）</translation>
    </message>
    <message>
        <source>IMAGEIO_FFMPEG_EXE={exe} does not run. MP4 needs ffmpeg: sudo apt install ffmpeg</source>
        <translation>IMAGEIO_FFMPEG_EXE={exe} 无法运行。MP4 需要 ffmpeg：sudo apt install ffmpeg</translation>
    </message>
    <message>
        <source>a frame is (height, width, 3) RGB, not {shape}</source>
        <translation>一帧应为 (height, width, 3) 的 RGB 数组，而不是 {shape}</translation>
    </message>
    <message>
        <source>frame of {width}x{height} in a {animation_width}x{animation_height} animation</source>
        <translation>{animation_width}x{animation_height} 的动画中出现了 {width}x{height} 的帧</translation>
    </message>
    <message>
        <source>it did not finish</source>
        <translation>它没有结束</translation>
    </message>
    <message>
        <source>exit {code}</source>
        <translation>退出码 {code}</translation>
    </message>
    <message>
        <source>ffmpeg failed: {error}</source>
        <translation>ffmpeg 出错：{error}</translation>
    </message>
    <message>
        <source>ffmpeg stopped: {error}</source>
        <translation>ffmpeg 已停止：{error}</translation>
    </message>
</context>
</TS>
