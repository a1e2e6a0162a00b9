<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>core</name>
        <message>
            <source>a basin map needs a function of x and y</source>
            <translation>吸引域图需要一个关于 x 和 y 的函数</translation>
        </message>
        <message>
            <source>the grid needs at least one start each way, got {nx}x{ny}</source>
            <translation>网格在每个方向上至少需要一个起点，当前为 {nx}x{ny}</translation>
        </message>
        <message>
            <source>steps must be &gt;= 0, got {steps}</source>
            <translation>步数必须 &gt;= 0，当前为 {steps}</translation>
        </message>
        <message>
            <source>{name} must be a finite number &gt;= 0, got {tol!r}</source>
            <translation>{name} 必须是 &gt;= 0 的有限数，当前为 {tol!r}</translation>
        </message>
        <message>
            <source>{axis} range must be finite with low &lt; high, got {range}</source>
            <translation>{axis} 的范围必须有限且下限 &lt; 上限，当前为 {range}</translation>
        </message>
        <message>
            <source>seeds must be &gt;= 1, got {seeds}</source>
            <translation>每个轴上的牛顿法起点数必须 &gt;= 1，当前为 {seeds}</translation>
        </message>
        <message>
            <source>{source!r} is a function of x and y: give a y range too</source>
            <translation>{source!r} 是关于 x 和 y 的函数：还需要给出 y 的范围</translation>
        </message>
        <message>
            <source>Newton iteration {iteration}: {moving} of {seeds} seeds moving</source>
            <translation>牛顿迭代第 {iteration} 次：{seeds} 个起点中仍有 {moving} 个在移动</translation>
        </message>
        <message>
            <source>{source!r} is a function of x and y: give 2 coordinate(s), got {count}</source>
            <translation>{source!r} 是关于 x 和 y 的函数：需要 2 个坐标，当前为 {count} 个</translation>
        </message>
        <message>
            <source>{source!r} is a function of x: give 1 coordinate(s), got {count}</source>
            <translation>{source!r} 是关于 x 的函数：需要 1 个坐标，当前为 {count} 个</translation>
        </message>
        <message>
            <source>diverged at step {step}: the point, f or the gradient is no longer finite</source>
            <translation>在第 {step} 步发散：点、f 或梯度已不再是有限值</translation>
        </message>
        <message>
            <source>stopped at step {step}: the Hessian is singular, so newton cannot invert it</source>
            <translation>在第 {step} 步停止：黑塞矩阵奇异，牛顿法无法对它求逆</translation>
        </message>
        <message>
            <source>stopped at step {step}: f is undefined at θ = {point} (a square root or log of a negative number, 0/0, ...): the run cannot go on there</source>
            <translation>在第 {step} 步停止：f 在 θ = {point} 处没有定义（负数的平方根或对数、0/0 等）：运行无法在那里继续</translation>
        </message>
        <message>
            <source>stopped at step {step}: f has no gradient at θ = {point} (it is not differentiable there)</source>
            <translation>在第 {step} 步停止：f 在 θ = {point} 处没有梯度（在那里不可微）</translation>
        </message>
        <message>
            <source>noise must be a finite number &gt;= 0, got {noise!r}</source>
            <translation>噪声必须是 &gt;= 0 的有限数，当前为 {noise!r}</translation>
        </message>
        <message>
            <source>the start point needs {dim} coordinate(s) ({names}), got {count}</source>
            <translation>起点需要 {dim} 个坐标（{names}），当前为 {count} 个</translation>
        </message>
        <message>
            <source>the start point must be finite</source>
            <translation>起点必须是有限值</translation>
        </message>
        <message>
            <source>f or its gradient is not finite at the start point: choose another start</source>
            <translation>f 或它的梯度在起点处不是有限值：请换一个起点</translation>
        </message>
        <message>
            <source>the number of steps must be &gt;= 0, got {steps}</source>
            <translation>步数必须 &gt;= 0，当前为 {steps}</translation>
        </message>
        <message>
            <source>g{axis} = ∂f/∂{variable} at ({point}) = {value}</source>
            <translation>g{axis} = 在 ({point}) 处的 ∂f/∂{variable} = {value}</translation>
        </message>
        <message>
            <source>{optimizer} keeps {vectors} state vectors and {scalars} scalars</source>
            <translation>{optimizer} 保存 {vectors} 个状态向量和 {scalars} 个标量</translation>
        </message>
        <message>
            <source>this step cannot be explained here ({reason}): the values are no longer finite</source>
            <translation>这一步在这里无法讲解（{reason}）：数值已不再是有限值</translation>
        </message>
        <message>
            <source>the update's source code is not available here ({reason})</source>
            <translation>这里拿不到更新规则的源代码（{reason}）</translation>
        </message>
        <message>
            <source>end of expression</source>
            <translation>表达式结尾</translation>
        </message>
        <message>
            <source>variables are x and y; constants are pi and e; functions are {functions}</source>
            <translation>变量是 x 和 y；常数是 pi 和 e；函数有 {functions}</translation>
        </message>
        <message>
            <source>unexpected {found}</source>
            <translation>意外遇到 {found}</translation>
        </message>
        <message>
            <source>did you mean {suggestion}? {names}</source>
            <translation>你是想写 {suggestion} 吗？{names}</translation>
        </message>
        <message>
            <source>unknown name '{name}'</source>
            <translation>未知的名称 '{name}'</translation>
        </message>
        <message>
            <source>to close {function}( at column {column}</source>
            <translation>来闭合第 {column} 列的 {function}(</translation>
        </message>
        <message>
            <source>the expression must be text</source>
            <translation>表达式必须是文本</translation>
        </message>
        <message>
            <source>expression is too long ({length} characters; the limit is {limit})</source>
            <translation>表达式太长（{length} 个字符；上限是 {limit}）</translation>
        </message>
        <message>
            <source>{problem} ({hint})</source>
            <translation>{problem}（{hint}）</translation>
        </message>
        <message>
            <source>{problem} at column {column} ({hint})</source>
            <translation>{problem}（第 {column} 列；{hint}）</translation>
        </message>
        <message>
            <source>{problem} at column {column}</source>
            <translation>{problem}（第 {column} 列）</translation>
        </message>
        <message>
            <source>unexpected character '{character}'</source>
            <translation>意外的字符 '{character}'</translation>
        </message>
        <message>
            <source>malformed number '{number}.': a number has at most one '.'</source>
            <translation>数字 '{number}.' 写错了：一个数字最多只有一个 '.'</translation>
        </message>
        <message>
            <source>expression is too large (more than {limit} operations)</source>
            <translation>表达式太大（超过 {limit} 个运算）</translation>
        </message>
        <message>
            <source>expected '{expected}' {purpose}, found {found}</source>
            <translation>需要 '{expected}' {purpose}，却遇到 {found}</translation>
        </message>
        <message>
            <source>expression is nested too deeply (more than {limit} levels)</source>
            <translation>表达式嵌套太深（超过 {limit} 层）</translation>
        </message>
        <message>
            <source>empty expression: type a function of x and y, for example x^2 + y^2</source>
            <translation>表达式为空：请输入一个关于 x 和 y 的函数，例如 x^2 + y^2</translation>
        </message>
        <message>
            <source>to close the '(' at column {column}</source>
            <translation>来闭合第 {column} 列的 '('</translation>
        </message>
        <message>
            <source>unexpected end of expression (a number, variable or '(' is missing)</source>
            <translation>表达式意外结束（缺少数字、变量或 '('）</translation>
        </message>
        <message>
            <source>{function} takes 1 argument, got {count}</source>
            <translation>{function} 需要 1 个参数，当前为 {count} 个</translation>
        </message>
        <message>
            <source>{function} takes {arity} arguments, got {count}</source>
            <translation>{function} 需要 {arity} 个参数，当前为 {count} 个</translation>
        </message>
        <message>
            <source>'{name}' is a function: write {name}(...)</source>
            <translation>'{name}' 是函数：请写成 {name}(...)</translation>
        </message>
        <message>
            <source>{function} takes two or more arguments, got {count}</source>
            <translation>{function} 需要两个或更多参数，当前为 {count} 个</translation>
        </message>
        <message>
            <source>missing operator before the number {number}</source>
            <translation>数字 {number} 前面缺少运算符</translation>
        </message>
        <message>
            <source>write * to multiply, as in 2*3 or x*2</source>
            <translation>乘法要写 *，例如 2*3 或 x*2</translation>
        </message>
        <message>
            <source>synthetic: n={n}, y = {w:g}x + {b:g} + N(0, {noise:g}²), seed {seed}</source>
            <translation>合成数据：n={n}，y = {w:g}x + {b:g} + N(0, {noise:g}²)，随机种子 {seed}</translation>
        </message>
        <message>
            <source>synthetic: n={n}, y ~ Bernoulli(σ({w:g}x + {b:g})), seed {seed}</source>
            <translation>合成数据：n={n}，y ~ 伯努利(σ({w:g}x + {b:g}))，随机种子 {seed}</translation>
        </message>
        <message>
            <source>n must be a whole number &gt;= {least}, got {n!r}</source>
            <translation>n 必须是 &gt;= {least} 的整数，当前为 {n!r}</translation>
        </message>
        <message>
            <source>noise must be &gt;= 0, got {noise!r}</source>
            <translation>噪声必须 &gt;= 0，当前为 {noise!r}</translation>
        </message>
        <message>
            <source>the seed must be a whole number &gt;= 0, got {seed!r}</source>
            <translation>随机种子必须是 &gt;= 0 的整数，当前为 {seed!r}</translation>
        </message>
        <message>
            <source>{source}: {count} data rows; training needs at least {least} rows</source>
            <translation>{source}：只有 {count} 行数据；训练至少需要 {least} 行</translation>
        </message>
        <message>
            <source>{source}: line {line}, column {column}: {text!r} is not a number</source>
            <translation>{source}：第 {line} 行第 {column} 列：{text!r} 不是数字</translation>
        </message>
        <message>
            <source>{source}: line {line}, column {column}: {text} is too large for a float</source>
            <translation>{source}：第 {line} 行第 {column} 列：{text} 超出了浮点数的范围</translation>
        </message>
        <message>
            <source>{source}: line {line}, column 2: logistic regression needs labels 0 or 1, got {text}</source>
            <translation>{source}：第 {line} 行第 2 列：逻辑回归的标签必须是 0 或 1，当前为 {text}</translation>
        </message>
        <message>
            <source>unknown model {model!r} (choose from: {known})</source>
            <translation>未知的模型 {model!r}（可选：{known}）</translation>
        </message>
        <message>
            <source>x has {nx} values but y has {ny}</source>
            <translation>x 有 {nx} 个值，而 y 有 {ny} 个</translation>
        </message>
        <message>
            <source>training needs at least {least} samples, got {count}</source>
            <translation>训练至少需要 {least} 个样本，当前为 {count} 个</translation>
        </message>
        <message>
            <source>a batch needs at least one sample</source>
            <translation>一个批至少需要一个样本</translation>
        </message>
        <message>
            <source>batch indices must be in [0, {n}), got {low}..{high}</source>
            <translation>批中样本的下标必须在 [0, {n}) 内，当前为 {low}..{high}</translation>
        </message>
        <message>
            <source>least squares is the minimum of linear regression only</source>
            <translation>最小二乘解只是线性回归的极小值</translation>
        </message>
        <message>
            <source>every x is the same: the least-squares line is not unique</source>
            <translation>所有 x 都相同：最小二乘直线不唯一</translation>
        </message>
        <message>
            <source>{name} must be a finite number, got {value!r}</source>
            <translation>{name} 必须是有限数，当前为 {value!r}</translation>
        </message>
        <message>
            <source>cannot read {path!r}: {reason}</source>
            <translation>无法读取 {path!r}：{reason}</translation>
        </message>
        <message>
            <source>{path}: line {line}: not UTF-8 text (byte {byte:#04x})</source>
            <translation>{path}：第 {line} 行：不是 UTF-8 文本（字节 {byte:#04x}）</translation>
        </message>
        <message>
            <source>No such file or directory</source>
            <translation>没有这个文件或文件夹</translation>
        </message>
        <message>
            <source>Permission denied</source>
            <translation>没有访问权限</translation>
        </message>
        <message>
            <source>Is a directory</source>
            <translation>这是一个文件夹</translation>
        </message>
        <message>
            <source>reading line {line} of {lines}</source>
            <translation>正在读取第 {line} 行，共 {lines} 行</translation>
        </message>
        <message>
            <source>{source}: 1 data row; training needs at least {least} rows</source>
            <translation>{source}：只有 1 行数据；训练至少需要 {least} 行</translation>
        </message>
        <message>
            <source>reading the numbers ({percent}%)</source>
            <translation>正在读取数字（{percent}%）</translation>
        </message>
        <message>
            <source>{source}: line {line}, column {column}: an empty cell is not a number</source>
            <translation>{source}：第 {line} 行第 {column} 列：空单元格不是数字</translation>
        </message>
        <message>
            <source>{name}[{index}] is {value!r}: every value must be a finite number</source>
            <translation>{name}[{index}] 是 {value!r}：每个值都必须是有限数</translation>
        </message>
        <message>
            <source>logistic regression needs labels 0 or 1: y[{index}] is {value!r}</source>
            <translation>逻辑回归的标签必须是 0 或 1：y[{index}] 是 {value!r}</translation>
        </message>
        <message>
            <source>{source}: line {line}: expected 2 columns (x,y), found {count}</source>
            <translation>{source}：第 {line} 行：应有 2 列 (x,y)，实际有 {count} 列</translation>
        </message>
        <message>
            <source>{source}: line {line}: expected 2 columns (x,y), found 1 (columns are separated by a comma)</source>
            <translation>{source}：第 {line} 行：应有 2 列 (x,y)，实际只有 1 列（列与列之间用英文逗号分隔）</translation>
        </message>
        <message>
            <source>cross-entropy of σ(w·x + b) on {name}</source>
            <translation>{name} 上 σ(w·x + b) 的交叉熵</translation>
        </message>
        <message>
            <source>L(w, b) = {source}</source>
            <translation>L(w, b) = {source}</translation>
        </message>
        <message>
            <source>mean squared error Σ(w·x + b − y)²/2m on {name}</source>
            <translation>{name} 上的均方误差 Σ(w·x + b − y)²/2m</translation>
        </message>
        <message>
            <source>cross-entropy of σ(w·x + b) on the data</source>
            <translation>数据上 σ(w·x + b) 的交叉熵</translation>
        </message>
        <message>
            <source>the loss is a function of (w, b): give 2 coordinates, got {count}</source>
            <translation>损失是 (w, b) 的函数：需要 2 个坐标，当前为 {count} 个</translation>
        </message>
        <message>
            <source>mean squared error Σ(w·x + b − y)²/2m on the data</source>
            <translation>数据上的均方误差 Σ(w·x + b − y)²/2m</translation>
        </message>
        <message>
            <source>the loss is a function of two parameters (w, b): give both grids</source>
            <translation>损失是两个参数 (w, b) 的函数：请给出两个网格</translation>
        </message>
        <message>
            <source>diverged at update {update} (epoch {epoch}): the batch loss, its gradient or (w, b) is no longer finite</source>
            <translation>在第 {update} 次更新（第 {epoch} 轮）发散：批损失、它的梯度或 (w, b) 已不再是有限值</translation>
        </message>
        <message>
            <source>stopped at update {update} (epoch {epoch}): the batch's Hessian is singular, so newton cannot invert it</source>
            <translation>在第 {update} 次更新（第 {epoch} 轮）停止：这一批的黑塞矩阵奇异，牛顿法无法对它求逆</translation>
        </message>
        <message>
            <source>the batch size must be a whole number &gt;= 1, got {batch_size!r}</source>
            <translation>批大小必须是 &gt;= 1 的整数，当前为 {batch_size!r}</translation>
        </message>
        <message>
            <source>the number of epochs must be a whole number &gt;= 0, got {epochs!r}</source>
            <translation>轮数必须是 &gt;= 0 的整数，当前为 {epochs!r}</translation>
        </message>
        <message>
            <source>the start must be two finite numbers (w, b), got {start!r}</source>
            <translation>起点必须是两个有限数 (w, b)，当前为 {start!r}</translation>
        </message>
        <message>
            <source>the loss is not finite at the start (w, b) = {start}: choose another start</source>
            <translation>损失在起点 (w, b) = {start} 处不是有限值：请换一个起点</translation>
        </message>
        <message>
            <source>diverged in epoch {epoch}: the full-data loss is no longer finite at (w, b) = ({w:.6g}, {b:.6g})</source>
            <translation>在第 {epoch} 轮发散：全部数据上的损失在 (w, b) = ({w:.6g}, {b:.6g}) 处已不再是有限值</translation>
        </message>
        <message>
            <source>the number of updates must be a whole number &gt;= 0, got {updates!r}</source>
            <translation>更新次数必须是 &gt;= 0 的整数，当前为 {updates!r}</translation>
        </message>
        <message>
            <source>{optimizer} has no hyperparameter '{name}' (it has: {known})</source>
            <translation>{optimizer} 没有超参数 '{name}'（它有：{known}）</translation>
        </message>
        <message>
            <source>{name} must be in {range}, got {value!r}</source>
            <translation>{name} 必须在 {range} 内，当前为 {value!r}</translation>
        </message>
        <message>
            <source>unknown optimizer '{name}' (choose from: {known})</source>
            <translation>未知的优化器 '{name}'（可选：{known}）</translation>
        </message>
        <message>
            <source>{name} must be a number, got {value!r}</source>
            <translation>{name} 必须是数字，当前为 {value!r}</translation>
        </message>
        <message>
            <source>{name} is a switch: 0 or 1 (true/false), got {value!r}</source>
            <translation>{name} 是开关：只能是 0 或 1（关或开），当前为 {value!r}</translation>
        </message>
        <message>
            <source>unknown preset '{name}' (choose from: {known})</source>
            <translation>未知的预设 '{name}'（可选：{known}）</translation>
        </message>
        <message>
            <source>schedule part {n} {part!r}</source>
            <translation>学习率调度第 {n} 段 {part!r}</translation>
        </message>
        <message>
            <source>schedule {part!r}</source>
            <translation>学习率调度 {part!r}</translation>
        </message>
        <message>
            <source>clip must be a finite number &gt; 0 (the largest gradient norm), got {value!r}</source>
            <translation>梯度裁剪阈值必须是 &gt; 0 的有限数（梯度范数的上限），当前为 {value!r}</translation>
        </message>
        <message>
            <source>{where}: {name} must be a finite number, got {value!r}</source>
            <translation>{where}：{name} 必须是有限数，当前为 {value!r}</translation>
        </message>
        <message>
            <source>{where}: {name} must be a whole number, got {value:g}</source>
            <translation>{where}：{name} 必须是整数，当前为 {value:g}</translation>
        </message>
        <message>
            <source>{where}: {name} must be in {range}, got {value:g}</source>
            <translation>{where}：{name} 必须在 {range} 内，当前为 {value:g}</translation>
        </message>
        <message>
            <source>{where}: unknown schedule {name!r} (known: {known})</source>
            <translation>{where}：未知的学习率调度 {name!r}（已有：{known}）</translation>
        </message>
        <message>
            <source>{where}: nothing after ':'</source>
            <translation>{where}：':' 后面什么也没有</translation>
        </message>
        <message>
            <source>{where}: {name} has no length ({torch} never ends), so it can only come last</source>
            <translation>{where}：{name} 没有长度（{torch} 不会结束），所以只能放在最后</translation>
        </message>
        <message>
            <source>clip must be a number, got {value!r}</source>
            <translation>梯度裁剪阈值必须是数字，当前为 {value!r}</translation>
        </message>
        <message>
            <source>{where}: an empty parameter (two commas?)</source>
            <translation>{where}：有一个空参数（连写了两个逗号？）</translation>
        </message>
        <message>
            <source>{where}: {item!r} should be name=value</source>
            <translation>{where}：{item!r} 应写成“参数名=数值”</translation>
        </message>
        <message>
            <source>{where}: {name} has no parameter {key!r} (it has: {names})</source>
            <translation>{where}：{name} 没有参数 {key!r}（它有：{names}）</translation>
        </message>
        <message>
            <source>{where}: {name} is given twice</source>
            <translation>{where}：{name} 给了两次</translation>
        </message>
        <message>
            <source>{where}: {name} has no parameter {key!r} (it has: none)</source>
            <translation>{where}：{name} 没有参数 {key!r}（它没有任何参数）</translation>
        </message>
        <message>
            <source>{where}: {name} must be a number, got {value!r}</source>
            <translation>{where}：{name} 必须是数字，当前为 {value!r}</translation>
        </message>
        <message>
            <source>{where}: {name} needs {parameter}=...</source>
            <translation>{where}：{name} 需要 {parameter}=...</translation>
        </message>
        <message>
            <source>the number of learning rates must be an integer &gt;= 1, got {num!r}</source>
            <translation>学习率的个数必须是 &gt;= 1 的整数，当前为 {num!r}</translation>
        </message>
        <message>
            <source>the learning-rate range must be finite, got {a!r}:{b!r}</source>
            <translation>学习率范围必须有限，当前为 {a!r}:{b!r}</translation>
        </message>
        <message>
            <source>the learning-rate range must go up (A &lt; B when K &gt; 1), got {a!r}:{b!r}</source>
            <translation>学习率范围必须递增（K &gt; 1 时 A &lt; B），当前为 {a!r}:{b!r}</translation>
        </message>
        <message>
            <source>the learning-rate range must go up (A &lt;= B), got {a!r}:{b!r}</source>
            <translation>学习率范围必须递增（A &lt;= B），当前为 {a!r}:{b!r}</translation>
        </message>
        <message>
            <source>a log-spaced range needs 0 &lt; A, got {a!r}:{b!r}</source>
            <translation>按对数等距的范围需要 0 &lt; A，当前为 {a!r}:{b!r}</translation>
        </message>
        <message>
            <source>lr is what a sweep varies: give the range of rates, not a single lr</source>
            <translation>lr 是扫描要改变的量：请给出学习率的范围，而不是单个 lr</translation>
        </message>
        <message>
            <source>steps must be an integer &gt;= 0, got {steps!r}</source>
            <translation>步数必须是 &gt;= 0 的整数，当前为 {steps!r}</translation>
        </message>
        <message>
            <source>keep must be an integer from 1 to steps + 1 = {most} (a run has steps + 1 points), got {keep!r}</source>
            <translation>保留的点数必须是 1 到 步数 + 1 = {most} 之间的整数（一次运行有 步数 + 1 个点），当前为 {keep!r}</translation>
        </message>
        <message>
            <source>learning rate number {i} ({lr!r}) is not valid for {optimizer}: {reason}</source>
            <translation>第 {i} 个学习率（{lr!r}）对 {optimizer} 无效：{reason}</translation>
        </message>
    </context>
    <context>
        <name>registry</name>
        <message>
            <source>Gradient descent</source>
            <translation>梯度下降</translation>
        </message>
        <message>
            <source>plain gradient descent: step against the gradient</source>
            <translation>普通梯度下降：沿梯度的反方向走一步</translation>
        </message>
        <message>
            <source>θ ← θ − α·g</source>
            <translation>θ ← θ − α·g</translation>
        </message>
        <message>
            <source>learning rate: the step size α</source>
            <translation>学习率：步长 α</translation>
        </message>
        <message>
            <source>L2 penalty λ added to the gradient: g + λθ</source>
            <translation>加到梯度上的 L2 惩罚 λ：g + λθ</translation>
        </message>
        <message>
            <source>velocity v: the running sum of past gradients</source>
            <translation>速度 v：过去各步梯度的累积</translation>
        </message>
        <message>
            <source>Stochastic GD</source>
            <translation>随机梯度下降</translation>
        </message>
        <message>
            <source>gradient descent on a noisy gradient g + σ·ξ, ξ ~ N(0, I) (a stand-in for mini-batch noise)</source>
            <translation>在带噪声的梯度 g + σ·ξ, ξ ~ N(0, I) 上做梯度下降（代替小批量带来的噪声）</translation>
        </message>
        <message>
            <source>θ ← θ − α·(g + σξ)</source>
            <translation>θ ← θ − α·(g + σξ)</translation>
        </message>
        <message>
            <source>Momentum</source>
            <translation>动量</translation>
        </message>
        <message>
            <source>heavy-ball momentum: a velocity accumulates past gradients</source>
            <translation>重球动量：速度累积过去的梯度</translation>
        </message>
        <message>
            <source>v ← μ·v + (1−τ)·g;  θ ← θ − α·v</source>
            <translation>v ← μ·v + (1−τ)·g;  θ ← θ − α·v</translation>
        </message>
        <message>
            <source>momentum factor μ: how much velocity is kept</source>
            <translation>动量系数 μ：保留多少速度</translation>
        </message>
        <message>
            <source>dampening τ of the gradient added to the velocity</source>
            <translation>加到速度上的梯度的阻尼 τ</translation>
        </message>
        <message>
            <source>Nesterov</source>
            <translation>Nesterov</translation>
        </message>
        <message>
            <source>Nesterov momentum: the step looks ahead along the velocity</source>
            <translation>Nesterov 动量：沿速度方向先向前看一步</translation>
        </message>
        <message>
            <source>v ← μ·v + g;  θ ← θ − α·(g + μ·v)</source>
            <translation>v ← μ·v + g;  θ ← θ − α·(g + μ·v)</translation>
        </message>
        <message>
            <source>QHM</source>
            <translation>QHM</translation>
        </message>
        <message>
            <source>quasi-hyperbolic momentum: a ν-weighted average of the gd step and an EMA-momentum step</source>
            <translation>拟双曲动量：梯度下降步与指数移动平均动量步按 ν 加权平均</translation>
        </message>
        <message>
            <source>b ← βb + (1−β)g;  θ ← θ − α·((1−ν)g + ν·b)</source>
            <translation>b ← βb + (1−β)g;  θ ← θ − α·((1−ν)g + ν·b)</translation>
        </message>
        <message>
            <source>β: decay of the momentum buffer b, an average of g</source>
            <translation>β：动量缓冲 b（g 的平均）的衰减率</translation>
        </message>
        <message>
            <source>ν: weight of the momentum step (0: gd, 1: EMA momentum)</source>
            <translation>ν：动量步的权重（0：梯度下降，1：指数移动平均动量）</translation>
        </message>
        <message>
            <source>g_buf: exponential moving average of g (starts at 0)</source>
            <translation>g_buf：g 的指数移动平均（从 0 开始）</translation>
        </message>
        <message>
            <source>AdaGrad</source>
            <translation>AdaGrad</translation>
        </message>
        <message>
            <source>per-coordinate steps shrink with the sum of squared gradients</source>
            <translation>每个坐标的步长随梯度平方和的增大而缩小</translation>
        </message>
        <message>
            <source>s ← s + g²;  θ ← θ − α/(1+(t−1)·η)·g/(√s + ε)</source>
            <translation>s ← s + g²;  θ ← θ − α/(1+(t−1)·η)·g/(√s + ε)</translation>
        </message>
        <message>
            <source>η: learning-rate decay, α/(1+(t−1)η)</source>
            <translation>η：学习率衰减，α/(1+(t−1)η)</translation>
        </message>
        <message>
            <source>starting value of the sum s</source>
            <translation>累加和 s 的初始值</translation>
        </message>
        <message>
            <source>ε added to the denominator</source>
            <translation>加到分母上的 ε</translation>
        </message>
        <message>
            <source>s: the sum of squared gradients</source>
            <translation>s：梯度的平方和</translation>
        </message>
        <message>
            <source>RMSProp</source>
            <translation>RMSProp</translation>
        </message>
        <message>
            <source>divide by a running RMS of recent gradients</source>
            <translation>除以近期梯度的滑动均方根</translation>
        </message>
        <message>
            <source>s ← a·s + (1−a)·g²;  θ ← θ − α·g/(√s + ε)</source>
            <translation>s ← a·s + (1−a)·g²;  θ ← θ − α·g/(√s + ε)</translation>
        </message>
        <message>
            <source>smoothing constant a of the running mean of g²</source>
            <translation>g² 滑动平均的平滑常数 a</translation>
        </message>
        <message>
            <source>ε added to the denominator for numerical stability</source>
            <translation>为了数值稳定加到分母上的 ε</translation>
        </message>
        <message>
            <source>momentum μ on the scaled step</source>
            <translation>作用在缩放后步长上的动量 μ</translation>
        </message>
        <message>
            <source>1: divide by an estimate of the variance (s − ḡ²)</source>
            <translation>1：除以方差的估计 (s − ḡ²)</translation>
        </message>
        <message>
            <source>s: running mean of g²</source>
            <translation>s：g² 的滑动平均</translation>
        </message>
        <message>
            <source>b: velocity of the scaled steps</source>
            <translation>b：缩放后步长的速度</translation>
        </message>
        <message>
            <source>ḡ: running mean of g (centered)</source>
            <translation>ḡ：g 的滑动平均（centered 时）</translation>
        </message>
        <message>
            <source>AdaDelta</source>
            <translation>AdaDelta</translation>
        </message>
        <message>
            <source>RMSProp with units fixed by a running mean of past steps</source>
            <translation>用过去步长的滑动平均修正单位的 RMSProp</translation>
        </message>
        <message>
            <source>s ← ρs + (1−ρ)g²;  Δ ← √(u+ε)/√(s+ε)·g;  u ← ρu + (1−ρ)Δ²;  θ ← θ − α·Δ</source>
            <translation>s ← ρs + (1−ρ)g²;  Δ ← √(u+ε)/√(s+ε)·g;  u ← ρu + (1−ρ)Δ²;  θ ← θ − α·Δ</translation>
        </message>
        <message>
            <source>decay ρ of the running means</source>
            <translation>滑动平均的衰减率 ρ</translation>
        </message>
        <message>
            <source>ε inside the square roots</source>
            <translation>平方根里的 ε</translation>
        </message>
        <message>
            <source>u: running mean of Δ²</source>
            <translation>u：Δ² 的滑动平均</translation>
        </message>
        <message>
            <source>Adam</source>
            <translation>Adam</translation>
        </message>
        <message>
            <source>momentum on g and RMSProp scaling, both bias-corrected</source>
            <translation>g 的动量加上 RMSProp 式的缩放，二者都做偏差修正</translation>
        </message>
        <message>
            <source>m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − α·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)</source>
            <translation>m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − α·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)</translation>
        </message>
        <message>
            <source>decay rate β₁ of the first moment (mean of g)</source>
            <translation>一阶矩（g 的均值）的衰减率 β₁</translation>
        </message>
        <message>
            <source>decay rate β₂ of the second moment (mean of g²)</source>
            <translation>二阶矩（g² 的均值）的衰减率 β₂</translation>
        </message>
        <message>
            <source>1: divide by the largest second moment seen (AMSGrad)</source>
            <translation>1：除以目前见过的最大二阶矩（AMSGrad）</translation>
        </message>
        <message>
            <source>m: running mean of g (first moment)</source>
            <translation>m：g 的滑动平均（一阶矩）</translation>
        </message>
        <message>
            <source>v: running mean of g² (second moment)</source>
            <translation>v：g² 的滑动平均（二阶矩）</translation>
        </message>
        <message>
            <source>v̂: the largest v so far (AMSGrad)</source>
            <translation>v̂：目前为止最大的 v（AMSGrad）</translation>
        </message>
        <message>
            <source>AdamW</source>
            <translation>AdamW</translation>
        </message>
        <message>
            <source>Adam with decoupled weight decay: θ shrinks by αλ before the step</source>
            <translation>带解耦权重衰减的 Adam：每步之前 θ 先按 αλ 收缩</translation>
        </message>
        <message>
            <source>θ ← θ(1 − αλ);  then the Adam step</source>
            <translation>θ ← θ(1 − αλ);  然后走 Adam 的一步</translation>
        </message>
        <message>
            <source>decoupled decay λ: θ ← θ(1 − αλ)</source>
            <translation>解耦衰减 λ：θ ← θ(1 − αλ)</translation>
        </message>
        <message>
            <source>AMSGrad</source>
            <translation>AMSGrad</translation>
        </message>
        <message>
            <source>Adam that divides by the largest v seen so far</source>
            <translation>除以目前见过的最大 v 的 Adam</translation>
        </message>
        <message>
            <source>v̂ ← max(v̂, v);  θ ← θ − α·(m/(1−β₁ᵗ)) / (√(v̂/(1−β₂ᵗ)) + ε)</source>
            <translation>v̂ ← max(v̂, v);  θ ← θ − α·(m/(1−β₁ᵗ)) / (√(v̂/(1−β₂ᵗ)) + ε)</translation>
        </message>
        <message>
            <source>QHAdam</source>
            <translation>QHAdam</translation>
        </message>
        <message>
            <source>quasi-hyperbolic Adam: each moment averaged with the current g (or g²) by ν</source>
            <translation>拟双曲 Adam：每个矩都与当前的 g（或 g²）按 ν 加权平均</translation>
        </message>
        <message>
            <source>m, v as in Adam;  m̂ = m/(1−β₁ᵗ);  v̂ = v/(1−β₂ᵗ);  θ ← θ − α·((1−ν₁)g + ν₁m̂) / (√((1−ν₂)g² + ν₂v̂) + ε)</source>
            <translation>m、v 同 Adam；  m̂ = m/(1−β₁ᵗ);  v̂ = v/(1−β₂ᵗ);  θ ← θ − α·((1−ν₁)g + ν₁m̂) / (√((1−ν₂)g² + ν₂v̂) + ε)</translation>
        </message>
        <message>
            <source>ν₁: weight of m̂ against g in the numerator (1: Adam's)</source>
            <translation>ν₁：分子中 m̂ 相对 g 的权重（1：即 Adam）</translation>
        </message>
        <message>
            <source>ν₂: weight of v̂ against g² in the denominator (1: Adam's)</source>
            <translation>ν₂：分母中 v̂ 相对 g² 的权重（1：即 Adam）</translation>
        </message>
        <message>
            <source>NAdam</source>
            <translation>NAdam</translation>
        </message>
        <message>
            <source>Adam with Nesterov momentum (and momentum warm-up)</source>
            <translation>带 Nesterov 动量（及动量预热）的 Adam</translation>
        </message>
        <message>
            <source>m, v as in Adam;  μₜ = β₁(1 − ½·0.96^(tψ));  d = √(v/(1−β₂ᵗ)) + ε;  θ ← θ − α(1−μₜ)/(1−Πᵢ≤ₜμᵢ)·g/d − αμₜ₊₁/(1−Πᵢ≤ₜ₊₁μᵢ)·m/d</source>
            <translation>m、v 同 Adam；  μₜ = β₁(1 − ½·0.96^(tψ));  d = √(v/(1−β₂ᵗ)) + ε;  θ ← θ − α(1−μₜ)/(1−Πᵢ≤ₜμᵢ)·g/d − αμₜ₊₁/(1−Πᵢ≤ₜ₊₁μᵢ)·m/d</translation>
        </message>
        <message>
            <source>ψ: momentum warm-up rate</source>
            <translation>ψ：动量预热速率</translation>
        </message>
        <message>
            <source>RAdam</source>
            <translation>RAdam</translation>
        </message>
        <message>
            <source>rectified Adam: momentum steps until the variance of v̂ is tractable, then Adam's, rectified</source>
            <translation>修正的 Adam：在 v̂ 的方差能够估计之前只走动量步，之后走经过修正的 Adam 步</translation>
        </message>
        <message>
            <source>m, v as in Adam;  ρₜ = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ);  ρₜ &gt; 5: θ ← θ − α·r·(m/(1−β₁ᵗ))·√(1−β₂ᵗ)/(√v + ε);  else θ ← θ − α·m/(1−β₁ᵗ)</source>
            <translation>m、v 同 Adam；  ρₜ = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ);  ρₜ &gt; 5: θ ← θ − α·r·(m/(1−β₁ᵗ))·√(1−β₂ᵗ)/(√v + ε);  否则 θ ← θ − α·m/(1−β₁ᵗ)</translation>
        </message>
        <message>
            <source>1: decoupled decay, θ ← θ(1 − αλ) (as AdamW)</source>
            <translation>1：解耦衰减，θ ← θ(1 − αλ)（同 AdamW）</translation>
        </message>
        <message>
            <source>Lion</source>
            <translation>Lion</translation>
        </message>
        <message>
            <source>sign of an interpolated momentum: every coordinate steps by ±α</source>
            <translation>取插值动量的符号：每个坐标都走 ±α</translation>
        </message>
        <message>
            <source>c ← β₁m + (1−β₁)g;  θ ← θ − α·(sign(c) + λθ);  m ← β₂m + (1−β₂)g</source>
            <translation>c ← β₁m + (1−β₁)g;  θ ← θ − α·(sign(c) + λθ);  m ← β₂m + (1−β₂)g</translation>
        </message>
        <message>
            <source>β₁: weight of m against g in the step's direction</source>
            <translation>β₁：步长方向中 m 相对 g 的权重</translation>
        </message>
        <message>
            <source>β₂: decay rate of the momentum m</source>
            <translation>β₂：动量 m 的衰减率</translation>
        </message>
        <message>
            <source>decoupled decay λ: θ ← θ − αλθ</source>
            <translation>解耦衰减 λ：θ ← θ − αλθ</translation>
        </message>
        <message>
            <source>m: momentum, running mean of g (updated after the step)</source>
            <translation>m：动量，g 的滑动平均（走完一步后更新）</translation>
        </message>
        <message>
            <source>Newton</source>
            <translation>牛顿法</translation>
        </message>
        <message>
            <source>step to the minimum of the local quadratic model (uses the exact Hessian H)</source>
            <translation>直接走到局部二次模型的极小值（使用精确的黑塞矩阵 H）</translation>
        </message>
        <message>
            <source>θ ← θ − α·H⁻¹g</source>
            <translation>θ ← θ − α·H⁻¹g</translation>
        </message>
        <message>
            <source>Bowl  x² + y²</source>
            <translation>碗形  x² + y²</translation>
        </message>
        <message>
            <source>The seeds' convex bowl: one minimum at the origin and the gradient 2θ points straight away from it. Gradient descent with α &lt; 1 converges; α = 1 bounces forever between ±θ; α &gt; 1 diverges.</source>
            <translation>教程里的凸碗形函数：唯一的极小值在原点，梯度 2θ 总是背离原点。α &lt; 1 的梯度下降收敛；α = 1 时在 ±θ 之间永远来回跳；α &gt; 1 时发散。</translation>
        </message>
        <message>
            <source>Ill-conditioned bowl  0.1x² + 2y²</source>
            <translation>病态碗形  0.1x² + 2y²</translation>
        </message>
        <message>
            <source>Curvatures 0.2 and 4 differ by a factor 20: a learning rate small enough for y crawls along x, and a larger one zig-zags across the valley. Momentum and Adam fix this.</source>
            <translation>曲率 0.2 和 4 相差 20 倍：学习率小到适合 y 时，沿 x 方向只能慢慢爬；学习率大一些又会在山谷两侧来回折返。动量和 Adam 能解决这个问题。</translation>
        </message>
        <message>
            <source>Rosenbrock</source>
            <translation>Rosenbrock</translation>
        </message>
        <message>
            <source>A curved, flat-bottomed banana valley with its minimum at (1, 1). Finding the valley is easy; following it to the minimum is slow for plain gradient descent.</source>
            <translation>一条弯曲、谷底平坦的香蕉形山谷，极小值在 (1, 1)。找到山谷很容易；对普通梯度下降来说，沿着山谷走到极小值却很慢。</translation>
        </message>
        <message>
            <source>Himmelblau</source>
            <translation>Himmelblau</translation>
        </message>
        <message>
            <source>Four minima of equal height 0, at (3, 2), (-2.805, 3.131), (-3.779, -3.283) and (3.584, -1.848): which one a run reaches depends on where it starts.</source>
            <translation>四个高度同为 0 的极小值，分别在 (3, 2)、(-2.805, 3.131)、(-3.779, -3.283) 和 (3.584, -1.848)：一次运行到达哪一个，取决于它从哪里出发。</translation>
        </message>
        <message>
            <source>Beale</source>
            <translation>Beale</translation>
        </message>
        <message>
            <source>Minimum 0 at (3, 0.5) in a narrow valley, with very steep walls in the corners: a large step there diverges.</source>
            <translation>极小值 0 位于 (3, 0.5)，在一条狭窄的山谷里；四角的坡壁非常陡峭：在那里步子一大就会发散。</translation>
        </message>
        <message>
            <source>Booth</source>
            <translation>Booth</translation>
        </message>
        <message>
            <source>A tilted quadratic bowl with its minimum 0 at (1, 3).</source>
            <translation>一个倾斜的二次碗形，极小值 0 位于 (1, 3)。</translation>
        </message>
        <message>
            <source>Saddle  x² − y²</source>
            <translation>鞍形  x² − y²</translation>
        </message>
        <message>
            <source>A saddle point at the origin (the gradient is zero there but it is no minimum). Starting almost on the x axis, a run slides to the saddle, lingers, then escapes along y.</source>
            <translation>原点是一个鞍点（那里梯度为零，但不是极小值）。从几乎在 x 轴上的位置出发，运行会滑向鞍点，在那里徘徊，然后沿 y 方向逃离。</translation>
        </message>
        <message>
            <source>Monkey saddle  x³ − 3xy²</source>
            <translation>猴鞍  x³ − 3xy²</translation>
        </message>
        <message>
            <source>A degenerate saddle with three valleys (room for a monkey's tail): the Hessian is zero at the origin.</source>
            <translation>一个有三条山谷的退化鞍点（多出的一条留给猴子的尾巴）：原点处的黑塞矩阵为零。</translation>
        </message>
        <message>
            <source>Rastrigin</source>
            <translation>Rastrigin</translation>
        </message>
        <message>
            <source>A bowl covered in a grid of local minima; only the one at the origin is global. Plain gradient descent stops in the nearest dimple.</source>
            <translation>一个布满网格状局部极小值的碗形；只有原点处的那个是全局最小值。普通梯度下降会停在最近的小坑里。</translation>
        </message>
        <message>
            <source>Ackley</source>
            <translation>Ackley</translation>
        </message>
        <message>
            <source>A nearly flat outer region full of small bumps around a deep, narrow funnel at the origin.</source>
            <translation>几乎平坦、布满小起伏的外围，中间在原点处是一个又深又窄的漏斗。</translation>
        </message>
        <message>
            <source>Six-hump camel</source>
            <translation>六峰驼背函数</translation>
        </message>
        <message>
            <source>Six local minima; the two global ones are at (0.0898, -0.7126) and (-0.0898, 0.7126), f = -1.0316.</source>
            <translation>六个局部极小值；其中两个全局最小值位于 (0.0898, -0.7126) 和 (-0.0898, 0.7126)，f = -1.0316。</translation>
        </message>
        <message>
            <source>1-D  x·cos(πx)  (seed 004)</source>
            <translation>一维  x·cos(πx)  （教程 004）</translation>
        </message>
        <message>
            <source>The loss of seed 004: a local minimum near x = -0.274 (f = -0.179) and a deeper one near x = 1.090 (f = -1.047); f keeps falling towards the edges of [-2, 2]. Careful: the seed's hand-written derivative cos(πx) − x·sin(πx) drops a factor π (the exact derivative is cos(πx) − πx·sin(πx)), so the seed's pictures really descend the next preset.</source>
            <translation>教程 004 的损失函数：在 x = -0.274 附近有一个局部极小值（f = -0.179），在 x = 1.090 附近有一个更深的（f = -1.047）；f 朝 [-2, 2] 的两端一直下降。注意：教程手写的导数 cos(πx) − x·sin(πx) 漏掉了一个因子 π（精确的导数是 cos(πx) − πx·sin(πx)），所以教程里的图实际下降的是下一个预设。</translation>
        </message>
        <message>
            <source>1-D  what seed 004 really descends</source>
            <translation>一维  教程 004 实际下降的函数</translation>
        </message>
        <message>
            <source>The function whose exact derivative is the seed's formula cos(πx) − x·sin(πx): running gradient descent here reproduces the seed's update x ← x − η(cos(πx) − x·sin(πx)) step for step (start 0.5, η = 0.1, or start -1 with η = 1.000542 as in the seed).</source>
            <translation>精确导数恰好是教程公式 cos(πx) − x·sin(πx) 的函数：在这里运行梯度下降，会一步不差地重现教程的更新 x ← x − η(cos(πx) − x·sin(πx))（起点 0.5，η = 0.1；或像教程里那样起点 -1，η = 1.000542）。</translation>
        </message>
        <message>
            <source>multiply the rate by gamma every step_size steps</source>
            <translation>每 step_size 步把学习率乘以 gamma</translation>
        </message>
        <message>
            <source>multiply the rate by gamma every step</source>
            <translation>每一步都把学习率乘以 gamma</translation>
        </message>
        <message>
            <source>half a cosine from the rate down to eta_min over T_max steps</source>
            <translation>在 T_max 步内沿半个余弦从学习率降到 eta_min</translation>
        </message>
        <message>
            <source>scale the rate linearly from start_factor to end_factor over total_iters steps (a warm-up)</source>
            <translation>在 total_iters 步内把学习率的倍数从 start_factor 线性变到 end_factor（预热）</translation>
        </message>
        <message>
            <source>the rate divided by √(t+1)</source>
            <translation>学习率除以 √(t+1)</translation>
        </message>
    </context>
</TS>
